/**
 * The server's end of the wire, built here rather than by vscode-languageserver so that the
 * server can hold to the protocol where the library does not:
 *
 * - A malformed frame (no or a non-numeric `Content-Length`; a wrong length, which makes the next
 *   header unreadable) leaves vscode-jsonrpc's reader stuck for good: the server would be alive
 *   but answer nothing. It exits with status 1 instead, so the client restarts it. A body that
 *   is not JSON but has the right length is dropped, and the server goes on.
 * - After `shutdown`, every request but `exit` is answered `InvalidRequest`, and the server sends
 *   nothing of its own (no diagnostics, no log, no request).
 * - The parent process (`initialize`'s `processId`, or `--clientProcessId`) is watched here: a
 *   process that exists but belongs to another user answers EPERM, which means alive (the library
 *   takes it for dead and exits). `server.ts` takes `--clientProcessId` off the command line
 *   (`takeClientProcessId`) before the library can read it.
 */
import { Console } from 'node:console';
import {
  createServerPipeTransport,
  createServerSocketTransport,
  ErrorCodes,
  IPCMessageReader,
  IPCMessageWriter,
  Message,
  StreamMessageReader,
  StreamMessageWriter,
  type DataCallback,
  type Disposable,
  type MessageReader,
  type MessageWriter,
} from 'vscode-languageserver/node';
import { processAlive } from './clientProcess';
import { messageEncoder } from './jsonText';

/** How often the parent process is looked at (the library's period). */
export const PARENT_CHECK_MS = 3000;

interface Transport {
  reader: MessageReader;
  writer: MessageWriter;
}

function argValue(argv: readonly string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === name && i + 1 < argv.length) return argv[i + 1];
    if (argv[i].startsWith(`${name}=`)) return argv[i].slice(name.length + 1);
  }
  return undefined;
}

/**
 * The transport the command line names (commandLine.ts has checked that one is there). Over
 * stdio, messages are encoded by `messageEncoder` (results kept as JSON text are written as they
 * are); the other transports serialise every message.
 */
function transportOf(argv: readonly string[]): Transport {
  if (argv.includes('--node-ipc')) return { reader: new IPCMessageReader(process), writer: new IPCMessageWriter(process) };
  const port = argValue(argv, '--socket');
  if (port !== undefined) {
    const [reader, writer] = createServerSocketTransport(Number(port));
    return { reader, writer };
  }
  const pipe = argValue(argv, '--pipe');
  if (pipe !== undefined) {
    const [reader, writer] = createServerPipeTransport(pipe);
    return { reader, writer };
  }
  // stdout carries the protocol: anything a dependency prints goes to stderr.
  globalThis.console = new Console(process.stderr, process.stderr);
  return {
    reader: new StreamMessageReader(process.stdin),
    writer: new StreamMessageWriter(process.stdout, { charset: 'utf-8', contentTypeEncoder: messageEncoder }),
  };
}

type Fatal = (reason: string) => never;

function exitWith(status: () => number): Fatal {
  return (reason: string) => {
    process.stderr.write(`initlens-language-server: ${reason}\n`);
    process.exit(status());
  };
}

/** The reader and writer of the connection, with the protocol held as the header says. */
export function guardedTransport(argv: readonly string[], clientProcessId: number | undefined): Transport {
  const { reader, writer } = transportOf(argv);
  let shutDown = false;
  const fatal = exitWith(() => (shutDown ? 0 : 1));
  let watching = false;
  const watchParent = (pid: number): void => {
    if (watching) return;
    watching = true;
    setInterval(() => {
      if (!processAlive(pid)) fatal(`the client process ${pid} is gone`);
    }, PARENT_CHECK_MS);
  };
  if (clientProcessId !== undefined) watchParent(clientProcessId);

  // A body that is not JSON (its length was right) is dropped by the connection, which goes on;
  // a header that cannot be read leaves the reader stuck before it: that ends the server.
  reader.onError((e) => {
    if (!(e instanceof SyntaxError))
      fatal(`malformed message from the client, exiting so that it restarts the server: ${e.message.split('\n')[0].slice(0, 200)}`);
  });
  reader.onClose(() => fatal('the client closed the connection'));

  const guardedWriter: MessageWriter = {
    onError: writer.onError,
    onClose: writer.onClose,
    // After shutdown only responses go out: the answers the client is owed.
    write: (message) => (shutDown && !Message.isResponse(message) ? Promise.resolve() : writer.write(message)),
    end: () => writer.end(),
    dispose: () => writer.dispose(),
  };

  const guardedReader: MessageReader = {
    onError: reader.onError,
    onClose: reader.onClose,
    onPartialMessage: reader.onPartialMessage,
    dispose: () => reader.dispose(),
    listen(callback: DataCallback): Disposable {
      return reader.listen((message) => {
        if (Message.isRequest(message) || Message.isNotification(message)) {
          if (shutDown && message.method !== 'exit') {
            if (Message.isRequest(message)) {
              void writer.write({
                jsonrpc: '2.0',
                id: message.id,
                error: { code: ErrorCodes.InvalidRequest, message: `the server is shut down: ${message.method.slice(0, 100)} is not answered` },
              } as Message);
            }
            return;
          }
          if (message.method === 'shutdown') shutDown = true;
          if (message.method === 'initialize' && Message.isRequest(message)) {
            const params = message.params as { processId?: unknown } | undefined;
            if (params && typeof params === 'object' && typeof params.processId === 'number') {
              watchParent(params.processId);
              message = { ...message, params: { ...params, processId: null } } as Message;
            }
          }
        }
        callback(message);
      });
    },
  };
  return { reader: guardedReader, writer: guardedWriter };
}
