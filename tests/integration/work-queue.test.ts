import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';
import { afterEach, expect, it } from 'vitest';
import { WorkQueue } from '../../src/core/work-queue.js';

// The bot's queue against a real HTTP server on 127.0.0.1: libuv accepts one new connection per turn of the
// event loop, so jobs that hold the loop would let a burst in one connection per job.

const BURST = 30;
const servers: ReturnType<typeof createServer>[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** Holds the event loop for `ms`, as a command's database reads and analysis do. */
function holdLoop(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

it('answers a burst of new connections between two jobs that hold the event loop', async () => {
  let answered = 0;
  const server = createServer((_request, response) => {
    answered++;
    response.end('ok');
  });
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const queue = new WorkQueue();
  queue.watchArrivals(server);

  const replies = Array.from({ length: BURST }, () => {
    const socket = connect(port, '127.0.0.1');
    socket.end('GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n').resume();
    return once(socket, 'close');
  });
  const answeredAtStart: number[] = [];
  const job = async () => {
    answeredAtStart.push(answered);
    holdLoop(100);
  };
  await Promise.all([queue.run(job), queue.run(job), queue.run(job), ...replies]);
  // Without the pause before each job, the second job would start with one or two answered.
  expect(answeredAtStart[1]).toBe(BURST);
});
