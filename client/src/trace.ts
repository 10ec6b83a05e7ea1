/**
 * `initlens.trace.server`: vscode-languageclient traces only while its trace channel's log level
 * is Trace (set by hand with "Developer: Set Log Level…"), and then at least `messages` whatever
 * the setting says. This channel makes the setting alone decide: its log level is Trace while
 * the setting is `messages` or `verbose`, Info while it is `off`, and it writes every line it is
 * given to the "initlens (trace)" output channel.
 */
import { EventEmitter, LogLevel, window, workspace, type Disposable, type LogOutputChannel, type OutputChannel, type ViewColumn } from 'vscode';

const KEEP_LINES = 500;

export class TraceChannel implements LogOutputChannel {
  readonly name = 'initlens (trace)';
  private readonly channel: OutputChannel = window.createOutputChannel(this.name);
  private readonly levelChanged = new EventEmitter<LogLevel>();
  readonly onDidChangeLogLevel = this.levelChanged.event;
  /** The last lines written (the editor tests read them). */
  readonly recent: string[] = [];
  private readonly listener: Disposable;
  private level: LogLevel;

  constructor() {
    this.level = TraceChannel.fromSettings();
    this.listener = workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('initlens.trace.server')) return;
      const level = TraceChannel.fromSettings();
      if (level !== this.level) {
        this.level = level;
        this.levelChanged.fire(level);
      }
    });
  }

  static fromSettings(): LogLevel {
    const value = workspace.getConfiguration('initlens').get<string>('trace.server', 'off');
    return value === 'messages' || value === 'verbose' ? LogLevel.Trace : LogLevel.Info;
  }

  get logLevel(): LogLevel {
    return this.level;
  }

  private write(prefix: string, message: string | Error, args: unknown[]): void {
    const text = `${prefix}${message instanceof Error ? (message.stack ?? message.message) : message}${args.length ? ` ${args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}` : ''}`;
    this.recent.push(text);
    if (this.recent.length > KEEP_LINES) this.recent.splice(0, this.recent.length - KEEP_LINES);
    this.channel.appendLine(text);
  }

  trace(message: string, ...args: unknown[]): void {
    this.write('', message, args);
  }
  debug(message: string, ...args: unknown[]): void {
    this.write('[debug] ', message, args);
  }
  info(message: string, ...args: unknown[]): void {
    this.write('[info] ', message, args);
  }
  warn(message: string, ...args: unknown[]): void {
    this.write('[warn] ', message, args);
  }
  error(error: string | Error, ...args: unknown[]): void {
    this.write('[error] ', error, args);
  }
  append(value: string): void {
    this.channel.append(value);
  }
  appendLine(value: string): void {
    this.write('', value, []);
  }
  replace(value: string): void {
    this.channel.replace(value);
  }
  clear(): void {
    this.channel.clear();
  }
  show(columnOrPreserveFocus?: ViewColumn | boolean, preserveFocus?: boolean): void {
    if (typeof columnOrPreserveFocus === 'boolean' || columnOrPreserveFocus === undefined) this.channel.show(columnOrPreserveFocus);
    else this.channel.show(columnOrPreserveFocus, preserveFocus);
  }
  hide(): void {
    this.channel.hide();
  }
  dispose(): void {
    this.listener.dispose();
    this.levelChanged.dispose();
    this.channel.dispose();
  }
}
