import { once } from 'node:events';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';
import { afterEach } from 'vitest';
import type { WorkQueue } from '../../src/core/work-queue.js';

// Bursts of new connections against a real HTTP server on 127.0.0.1: libuv accepts one new connection per turn
// of the event loop, which is what the bot's queue and replay guard are built around.

const servers: ReturnType<typeof createServer>[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** Holds the event loop for `ms`, as a command's database reads and analysis (or PGlite's insert) do. */
export function holdLoop(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

/** A server listening on a free port of 127.0.0.1, its arrivals watched by `queue`, closed after the test. */
export async function watchedServer(queue: WorkQueue, handler: RequestListener): Promise<number> {
  const server = createServer(handler);
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  queue.watchArrivals(server);
  return (server.address() as AddressInfo).port;
}

/** One new connection per path, each sending one GET; resolves with the status codes once all are answered. */
export function burst(port: number, paths: readonly string[]): Promise<number[]> {
  return Promise.all(
    paths.map((path) => {
      const socket = connect(port, '127.0.0.1');
      // Written, not ended: a client that half-closes may be dropped before a delayed answer.
      socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      let reply = '';
      socket.on('data', (chunk) => {
        reply += chunk;
      });
      return once(socket, 'close').then(() => Number(reply.split(' ')[1]));
    }),
  );
}
