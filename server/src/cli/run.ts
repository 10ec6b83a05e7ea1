/** The CLI as a function of argv and I/O streams (main.ts binds it to the process). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageRoot } from '../paths';
import { CHECK_HELP, GENERAL_HELP, parseArgs, UsageError, type Command } from './args';
import { EXIT_OK, EXIT_TROUBLE, runCheck, type CliIo } from './check';
import { runStartup } from './startup';
import { STARTUP_HELP } from './startupArgs';
import { printable } from './terminal';

/** initlens's version, from its package.json. */
export function toolVersion(): string {
  try {
    const version = JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')).version;
    return typeof version === 'string' ? version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let command: Command;
  try {
    command = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr.write(`initlens: ${printable(e.message)}\nRun \`initlens --help\` for usage.\n`);
    return EXIT_TROUBLE;
  }
  switch (command.kind) {
    case 'help':
      io.stdout.write(command.topic === 'check' ? CHECK_HELP : command.topic === 'startup' ? STARTUP_HELP : GENERAL_HELP);
      return EXIT_OK;
    case 'version':
      io.stdout.write(`${toolVersion()}\n`);
      return EXIT_OK;
    case 'check':
      return runCheck(command, io, toolVersion());
    case 'startup':
      return runStartup(command, io);
  }
}
