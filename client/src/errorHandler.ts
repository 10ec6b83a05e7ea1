/**
 * What happens when the server process dies: it is restarted, and the user is told so (a
 * warning with "Show Output"), up to MAX_RESTARTS times in WINDOW_MS; after that it stays down
 * with an error that offers the restart command. Connection errors are tolerated three times.
 */
import { commands, window } from 'vscode';
import { CloseAction, ErrorAction, type CloseHandlerResult, type ErrorHandler, type ErrorHandlerResult, type Message } from 'vscode-languageclient/node';
import { RESTART_SERVER_COMMAND } from '../../server/src/protocol/index';

export const MAX_RESTARTS = 4;
export const WINDOW_MS = 3 * 60 * 1000;

export interface CrashNotice {
  at: number;
  message: string;
  restarted: boolean;
}

export class RestartingErrorHandler implements ErrorHandler {
  private restarts: number[] = [];
  /** Every crash seen, newest last (the tests read it through the extension's API). */
  readonly notices: CrashNotice[] = [];

  constructor(private readonly showOutput: () => void) {}

  error(_error: Error, _message: Message | undefined, count: number | undefined): ErrorHandlerResult {
    return count !== undefined && count <= 3 ? { action: ErrorAction.Continue, handled: true } : { action: ErrorAction.Shutdown };
  }

  closed(): CloseHandlerResult {
    const now = Date.now();
    this.restarts = this.restarts.filter((t) => now - t < WINDOW_MS);
    this.restarts.push(now);
    if (this.restarts.length > MAX_RESTARTS) {
      const message = `initlens: the language server stopped ${this.restarts.length} times in 3 minutes and was not restarted. See the output for details.`;
      this.notices.push({ at: now, message, restarted: false });
      void window.showErrorMessage(message, 'Restart', 'Show Output').then((choice) => {
        if (choice === 'Restart') void commands.executeCommand(RESTART_SERVER_COMMAND);
        else if (choice === 'Show Output') this.showOutput();
      });
      return { action: CloseAction.DoNotRestart, message, handled: true };
    }
    const message = 'initlens: the language server stopped unexpectedly and was restarted.';
    this.notices.push({ at: now, message, restarted: true });
    void window.showWarningMessage(message, 'Show Output').then((choice) => {
      if (choice === 'Show Output') this.showOutput();
    });
    return { action: CloseAction.Restart, message, handled: true };
  }

  /** A restart the user asked for starts a new count. */
  reset(): void {
    this.restarts = [];
  }
}
