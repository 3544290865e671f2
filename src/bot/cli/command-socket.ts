import { chmodSync, unlinkSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { errorReply, type Reply } from '../../core/reply.js';
import type { CommandInput } from '../commands/execute-command.js';

// The local socket through which a CLI command reaches the process that holds the data folder (the bot or
// the console), so the operator can run `tubepilot import …` while it runs. One connection carries one
// command: the CLI sends one JSON line; the holder answers with progress lines and then the reply, and
// closes. The socket is mode 0600: only the user the holder runs as can connect.

export const SOCKET_FILE = 'tubepilot.sock';

export function commandSocketPath(dataDir: string): string {
  return join(resolve(dataDir), SOCKET_FILE);
}

export interface ForwardedCommand {
  name: string;
  input: CommandInput;
}

type Message = { notify: string } | { reply: WireReply };
type WireReply = Omit<Reply, 'images'> & { images?: { name: string; alt: string; base64: string }[] };

export interface CommandSocket {
  path: string;
  /** Stops accepting commands, waits for those in progress, and removes the socket file. */
  close(): Promise<void>;
}

/** A request line longer than this is not a CLI command. */
const MAX_REQUEST_BYTES = 64_000;

/**
 * Listens on `path` and answers each command with `handle`. The caller holds the data folder's lock, so a
 * socket file already there is a leftover of a process that died, and is replaced.
 */
export async function serveCommandSocket(
  path: string,
  handle: (command: ForwardedCommand, notify: (line: string) => void) => Promise<Reply>,
): Promise<CommandSocket> {
  removeIfPresent(path);
  // Connections that have not sent their command yet: dropped at close, while commands in progress finish.
  const waiting = new Set<Socket>();
  const server = createServer((socket) => {
    waiting.add(socket);
    socket.on('close', () => waiting.delete(socket));
    socket.on('error', () => {}); // a CLI that went away; its command still finishes
    void answer(socket, handle, () => waiting.delete(socket));
  });
  await listenPrivately(server, path);
  return {
    path,
    close: () =>
      new Promise<void>((resolveClose) => {
        // libuv removes the socket file when the server closes; the callback waits for open connections.
        server.close(() => resolveClose());
        for (const socket of waiting) socket.destroy();
      }),
  };
}

async function answer(
  socket: Socket,
  handle: (command: ForwardedCommand, notify: (line: string) => void) => Promise<Reply>,
  started: () => void,
): Promise<void> {
  const send = (message: Message) => {
    if (!socket.destroyed) socket.write(`${JSON.stringify(message, (_key, value) => toWire(value))}\n`);
  };
  const line = await firstLine(socket);
  if (line === undefined) {
    socket.destroy();
    return;
  }
  let command: ForwardedCommand;
  try {
    command = JSON.parse(line) as ForwardedCommand;
  } catch {
    socket.destroy();
    return;
  }
  started();
  let reply: Reply;
  try {
    reply = await handle(command, (text) => send({ notify: text }));
  } catch (error) {
    // Known refusals only (the process is stopping): executeCommand turns every command failure into a reply.
    reply = errorReply('Not run', (error as Error).message);
  }
  send({ reply: toWireReply(reply) });
  socket.end();
}

function firstLine(socket: Socket): Promise<string | undefined> {
  return new Promise((resolveLine) => {
    let buffered = '';
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const end = buffered.indexOf('\n');
      if (end >= 0 || buffered.length > MAX_REQUEST_BYTES) {
        socket.off('data', onData);
        resolveLine(end >= 0 ? buffered.slice(0, end) : undefined);
      }
    };
    socket.on('data', onData);
    socket.once('end', () => resolveLine(undefined));
    socket.once('close', () => resolveLine(undefined));
  });
}

/** Binds with a umask that leaves the socket to its owner from its first instant, then says so explicitly. */
async function listenPrivately(server: Server, path: string): Promise<void> {
  const previous = process.umask(0o177);
  try {
    await new Promise<void>((resolveListen, reject) => {
      server.once('error', reject);
      // The bind itself happens synchronously inside listen(), while the umask is in force.
      server.listen(path, () => resolveListen());
    });
  } finally {
    process.umask(previous);
  }
  chmodSync(path, 0o600);
}

/** The holder is gone or serves no socket: the CLI cannot hand its command over. */
export class ForwardingUnavailableError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'ForwardingUnavailableError';
  }
}

/** Sends one command to the process listening on `path` and returns its reply; progress lines go to `notify`. */
export function forwardCommand(
  path: string,
  command: ForwardedCommand,
  notify: (line: string) => void,
): Promise<Reply> {
  return new Promise((resolveReply, reject) => {
    const socket = connect(path);
    let connected = false;
    let reply: Reply | undefined;
    socket.on('error', (error: NodeJS.ErrnoException) => {
      reject(
        connected
          ? new Error(`The running TubePilot dropped the command: ${error.message}`)
          : new ForwardingUnavailableError(
              `its command socket ${path} does not answer (${error.code ?? error.message})`,
            ),
      );
    });
    socket.once('connect', () => {
      connected = true;
      const lines = createInterface({ input: socket });
      lines.on('error', () => {}); // the socket's own error handler reports it
      lines.on('line', (line) => {
        let message: Message;
        try {
          message = JSON.parse(line) as Message;
        } catch {
          socket.destroy(new Error('unreadable answer'));
          return;
        }
        if ('notify' in message) notify(message.notify);
        else reply = fromWire(message.reply);
      });
      lines.once('close', () => {
        if (reply) resolveReply(reply);
        else reject(new Error('The running TubePilot closed the connection without an answer.'));
      });
      socket.write(`${JSON.stringify(command)}\n`);
    });
  });
}

function toWireReply(reply: Reply): WireReply {
  const { images, ...rest } = reply;
  return {
    ...rest,
    ...(images
      ? { images: images.map(({ name, alt, png }) => ({ name, alt, base64: Buffer.from(png).toString('base64') })) }
      : {}),
  };
}

function fromWire(reply: WireReply): Reply {
  const { images, ...rest } = reply;
  return {
    ...rest,
    ...(images
      ? {
          images: images.map(({ name, alt, base64 }) => ({
            name,
            alt,
            png: new Uint8Array(Buffer.from(base64, 'base64')),
          })),
        }
      : {}),
  };
}

/** JSON has no bigint: view counts travel as numbers (exact below 2^53), as in `--json`. */
function toWire(value: unknown): unknown {
  return typeof value === 'bigint' ? Number(value) : value;
}

function removeIfPresent(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
