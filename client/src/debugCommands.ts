/**
 * The "Copy" and "Open in terminal" links of the Debug section in the hover of a container's
 * name. The server writes them as `command:` links because the client says it runs these two
 * commands (`initializationOptions.clientCommands`). VS Code does not trust hover Markdown from a
 * language server, so the hover middleware enables exactly these two commands in it and nothing
 * else. The terminal command types the command line without pressing Enter: nothing runs until
 * the user does.
 */
import { commands, env, MarkdownString, window, type Disposable, type Hover, type Terminal } from 'vscode';
import type { Middleware } from 'vscode-languageclient/node';
import { COPY_TO_CLIPBOARD_COMMAND, OPEN_IN_TERMINAL_COMMAND } from '../../server/src/protocol/index';

export const DEBUG_COMMANDS: readonly string[] = [COPY_TO_CLIPBOARD_COMMAND, OPEN_IN_TERMINAL_COMMAND];

const TERMINAL_NAME = 'initlens';

/** A command line the server wrote: one `kubectl …` line, no control characters (a newline would run it). */
function commandLine(value: unknown): string | undefined {
  return typeof value === 'string' && value.startsWith('kubectl ') && !/[\u0000-\u001f\u007f]/.test(value) ? value : undefined;
}

export function registerDebugCommands(): Disposable[] {
  let terminal: Terminal | undefined;
  return [
    commands.registerCommand(COPY_TO_CLIPBOARD_COMMAND, async (value: unknown) => {
      const line = commandLine(value);
      if (!line) return;
      await env.clipboard.writeText(line);
      window.setStatusBarMessage(`initlens: copied ${line}`, 3000);
    }),
    commands.registerCommand(OPEN_IN_TERMINAL_COMMAND, (value: unknown) => {
      const line = commandLine(value);
      if (!line) return;
      if (!terminal || terminal.exitStatus !== undefined) terminal = window.createTerminal(TERMINAL_NAME);
      terminal.show();
      terminal.sendText(line, false);
    }),
    window.onDidCloseTerminal((t) => {
      if (t === terminal) terminal = undefined;
    }),
  ];
}

/** Lets the hover's Markdown run the two debug commands, and no other. */
function trust(hover: Hover | null | undefined): Hover | null | undefined {
  for (const content of hover?.contents ?? []) {
    if (content instanceof MarkdownString) content.isTrusted = { enabledCommands: DEBUG_COMMANDS };
  }
  return hover;
}

/** Wraps the served-document filter's hover middleware with `trust`. */
export function trustingHover(provideHover: Middleware['provideHover']): Middleware['provideHover'] {
  return async (document, position, token, next) =>
    trust(await (provideHover ? provideHover(document, position, token, next) : next(document, position, token)));
}
