/**
 * The language server's own command line: `--help` and `--version` print and exit; otherwise a
 * transport argument must be present (vscode-languageserver reads it from argv).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageRoot } from '../paths';

export const USAGE = `Usage: initlens-language-server --stdio | --node-ipc | --socket=<port> | --pipe=<name> | --help | --version

The initlens language server (Language Server Protocol): diagnostics and quick fixes for
Kubernetes manifests, init containers and native sidecars included.

Options:
  --stdio            talk LSP over stdin/stdout
  --node-ipc         talk LSP over the Node IPC channel (VS Code's TransportKind.ipc)
  --socket=<port>    talk LSP over a TCP socket
  --pipe=<name>      talk LSP over a named pipe / Unix socket
  --clientProcessId=<pid>  exit when that process exits
  -h, --help         print this help and exit
  -v, --version      print the version and exit

Settings (workspace/configuration section "initlens", or initializationOptions.settings):
  initlens.kubernetesVersion  "1.33"
  initlens.rules              {"<rule id>": "off|hint|info|warning|error"}
  initlens.schema.enable      true
initializationOptions.debounceMs: delay before re-analysing after an edit (default 150).
`;

export function serverVersion(): string {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version?: unknown };
    return typeof manifest.version === 'string' ? manifest.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

export type CommandLineAction = { kind: 'serve' } | { kind: 'print'; text: string; exitCode: number; stream: 'stdout' | 'stderr' };

const TRANSPORT = /^--(?:stdio|node-ipc|socket|pipe)(?:=.+)?$/;

export function commandLineAction(args: readonly string[]): CommandLineAction {
  if (args.some((a) => a === '--help' || a === '-h')) return { kind: 'print', text: USAGE, exitCode: 0, stream: 'stdout' };
  if (args.some((a) => a === '--version' || a === '-v')) return { kind: 'print', text: `${serverVersion()}\n`, exitCode: 0, stream: 'stdout' };
  if (args.some((a) => TRANSPORT.test(a))) return { kind: 'serve' };
  return { kind: 'print', text: `initlens-language-server: no transport given\n\n${USAGE}`, exitCode: 2, stream: 'stderr' };
}
