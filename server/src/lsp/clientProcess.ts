/**
 * The client's process id from `--clientProcessId`, taken off `process.argv` when this module is
 * evaluated: `server.ts` imports it first, before vscode-languageserver, which would otherwise read
 * the option and exit when the process is another user's (transport.ts watches it instead). No
 * imports here, so that nothing is evaluated before.
 */

/** Whether process `pid` exists: EPERM (it exists, another user's) counts as alive. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes `--clientProcessId <pid>` / `--clientProcessId=<pid>` from `argv`; returns the pid. */
export function takeClientProcessId(argv: string[]): number | undefined {
  let pid: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    let value: string | undefined;
    if (arg === '--clientProcessId' && i + 1 < argv.length) {
      value = argv[i + 1];
      argv.splice(i, 2);
    } else if (arg.startsWith('--clientProcessId=')) {
      value = arg.slice('--clientProcessId='.length);
      argv.splice(i, 1);
    } else {
      continue;
    }
    i--;
    const n = Number(value);
    if (Number.isSafeInteger(n) && n > 0) pid = n;
  }
  return pid;
}

/** `--clientProcessId` of this process's command line (now removed from it). */
export const CLIENT_PROCESS_ID = takeClientProcessId(process.argv);
