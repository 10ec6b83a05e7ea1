/** The `initlens` command (bundled to dist/cli.js, started by bin/initlens.js). */
import { runCli } from './run';
import { printable } from './terminal';

function quietOnBrokenPipe(stream: NodeJS.WriteStream): void {
  // `initlens check … | head`: the reader went away; stop quietly.
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

quietOnBrokenPipe(process.stdout);
quietOnBrokenPipe(process.stderr);

runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env }).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`initlens: ${printable(`internal error: ${e instanceof Error ? e.message : String(e)}`)}\n`);
    process.exitCode = 2;
  },
);
