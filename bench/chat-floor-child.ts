// The floor for chat-latency.ts: a node:http server that only reads each request's body and answers 200, in
// its own process like the bot, so the same load generator shows what acknowledging a burst costs this
// machine before the bot does any work. It speaks the bot child's protocol: prints `{"port":N}` once it
// listens; an `acks N` line (answered `{"acking":true}`) starts counting its CPU until N more responses have
// gone out; a `cpu` line prints `{"cpuMs":N,"ackCpuMs":N,"ackThreadCpuMs":N}`; it stops when its standard input
// closes. Its CPU helpers and response counter are exported for the bot child (chat-bot-child.ts), which
// must measure the same way.

import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { KEEP_ALIVE_MS } from '../src/bot/http/http-server.js';

/** This process's CPU time so far (user + system), ms. */
export function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * CPU time (ms) of this process's main thread, where requests are accepted and acknowledged, without its
 * worker threads: Linux's per-thread scheduler statistics (nanoseconds); undefined elsewhere.
 */
export function mainThreadCpuMs(): number | undefined {
  try {
    return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return undefined;
  }
}

/**
 * From `start(N)`, the CPU this process and its main thread spend until N more of `server`'s responses have
 * gone out (`onResponse` is told of each): what acknowledging a burst costs, beside whatever else runs meanwhile.
 */
export function ackCounter(server: Server, onResponse?: () => void) {
  let acking: { left: number; fromMs: number; fromThreadMs?: number; cpuMs?: number; threadCpuMs?: number } | undefined;
  server.on('request', (_request, response) => {
    response.once('finish', () => {
      onResponse?.();
      if (!acking || --acking.left > 0) return;
      acking.cpuMs = cpuMs() - acking.fromMs;
      const threadMs = mainThreadCpuMs();
      if (threadMs !== undefined && acking.fromThreadMs !== undefined)
        acking.threadCpuMs = threadMs - acking.fromThreadMs;
    });
  });
  return {
    start(count: number) {
      acking = { left: count, fromMs: cpuMs(), fromThreadMs: mainThreadCpuMs() };
    },
    /** The line a `cpu` request is answered with; the count ends. */
    reading() {
      const line = { cpuMs: cpuMs(), ackCpuMs: acking?.cpuMs, ackThreadCpuMs: acking?.threadCpuMs };
      acking = undefined;
      return line;
    },
  };
}

async function main(): Promise<void> {
  const print = (message: unknown) => process.stdout.write(`${JSON.stringify(message)}\n`);
  const server = createServer((request, response) => {
    request.resume();
    request.once('end', () => {
      response.writeHead(200);
      response.end();
    });
  });
  server.keepAliveTimeout = KEEP_ALIVE_MS; // as the bot's, for the kept-alive rows
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const counter = ackCounter(server);
  const address = server.address();
  print({ port: typeof address === 'object' ? address?.port : undefined });
  const commands = createInterface({ input: process.stdin });
  commands.on('line', (line) => {
    if (line.startsWith('acks ')) {
      counter.start(Number(line.slice(5)));
      print({ acking: true });
    } else if (line === 'cpu') print(counter.reading());
  });
  await new Promise((resolve) => commands.once('close', resolve));
  server.closeAllConnections();
  server.close();
}

// Run as the child; imported by the bot child for the helpers above.
if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
