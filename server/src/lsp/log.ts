/**
 * Logging to the client's output (`window/logMessage` via connection.console) and the guard that
 * keeps every handler from taking the server down: an exception is logged, the handler answers
 * its fallback (an empty result), the server keeps running.
 */
import { CancellationToken, LSPErrorCodes, ResponseError, type Connection } from 'vscode-languageserver/node';

export class Log {
  private readonly said = new Set<string>();

  constructor(private readonly connection: Connection) {}

  info(message: string): void {
    this.send('info', message);
  }

  warn(message: string): void {
    this.send('warn', message);
  }

  error(message: string): void {
    this.send('error', message);
  }

  /** Logs a warning once until `forgetOnce()` (settings are re-read per document). */
  warnOnce(message: string): void {
    if (this.remember(`warn\n${message}`)) this.warn(message);
  }

  /** Logs an error once for the life of the server (a rule that fails on every keystroke). */
  errorOnce(message: string): void {
    if (this.remember(`error\n${message}`)) this.error(message);
  }

  forgetOnce(): void {
    this.said.clear();
  }

  private remember(key: string): boolean {
    if (this.said.has(key)) return false;
    if (this.said.size > 1000) this.said.clear();
    this.said.add(key);
    return true;
  }

  private send(level: 'info' | 'warn' | 'error', message: string): void {
    try {
      this.connection.console[level](`initlens: ${message}`);
    } catch {
      // The connection is gone (client exited): nothing left to tell.
    }
  }
}

export function describeError(e: unknown): string {
  return e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : String(e);
}

/**
 * Wraps a handler: exceptions (thrown or rejected) are logged and `fallback` is answered instead.
 * A `ResponseError` thrown by the handler (invalid params, see params.ts) is the answer itself,
 * not logged. A request whose cancellation arrived before it was dispatched (its token is already
 * cancelled) answers `RequestCancelled` without running.
 */
export function guard<A extends unknown[], R>(
  log: Log,
  what: string,
  fallback: R,
  handler: (...args: A) => R | Promise<R>,
): (...args: A) => Promise<Answer<R>> {
  return async (...args: A) => {
    if (args.some((a) => CancellationToken.is(a) && a.isCancellationRequested))
      return new ResponseError<never>(LSPErrorCodes.RequestCancelled, `${what} cancelled`) as Answer<R>;
    try {
      return await handler(...args);
    } catch (e) {
      if (e instanceof ResponseError) return e as Answer<R>;
      log.error(`${what} failed: ${describeError(e)}`);
      return fallback;
    }
  };
}

/** What a guarded handler answers: its result or an error response; notifications (no result) stay void. */
export type Answer<R> = [R] extends [void | undefined] ? R : R | ResponseError<never>;
