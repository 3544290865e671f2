import { expect, it } from 'vitest';
import { letRequestsIn, MAX_DELIVERIES, QueueClosedError, WorkQueue } from '../../src/core/work-queue.js';
import { burst as burstOf, holdLoop, watchedServer } from '../support/connection-burst.js';

// The bot's queue against a real HTTP server on 127.0.0.1: libuv accepts one new connection per turn of the
// event loop, so jobs that hold the loop would let a burst in one connection per job.

const BURST = 30;

/** `n` turns of the event loop. */
async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise(setImmediate);
}

/** A real HTTP server on 127.0.0.1 that answers at once, watched by a new queue. */
async function answeringServer() {
  const state = { answered: 0, port: 0, queue: new WorkQueue() };
  state.port = await watchedServer(state.queue, (_request, response) => {
    state.answered++;
    response.end('ok');
  });
  return state;
}

/** BURST new connections, each sending one request; resolves when every answer has come back. */
function burst(port: number): Promise<number[]> {
  return burstOf(
    port,
    Array.from({ length: BURST }, () => '/'),
  );
}

it('answers a burst of new connections between two jobs that hold the event loop', async () => {
  const server = await answeringServer();
  const replies = burst(server.port);
  const answeredAtStart: number[] = [];
  const job = async () => {
    answeredAtStart.push(server.answered);
    holdLoop(100);
  };
  const { queue } = server;
  await Promise.all([queue.run(job), queue.run(job), queue.run(job), replies]);
  // Without the pause before each job, the second job would start with one or two answered.
  expect(answeredAtStart[1]).toBe(BURST);
});

it('lets a burst in when a long job calls letRequestsIn between its parts', async () => {
  const server = await answeringServer();
  let answeredMidway = -1;
  let replies: Promise<unknown[]> = Promise.resolve([]);
  await server.queue.run(async () => {
    replies = burst(server.port);
    holdLoop(100);
    await letRequestsIn();
    answeredMidway = server.answered;
    holdLoop(50);
  });
  await replies;
  expect(answeredMidway).toBe(BURST);
});

it('starts a job after one turn of the loop when no request arrives (no fixed pause)', async () => {
  const queue = new WorkQueue();
  let started = false;
  const running = queue.run(async () => {
    started = true;
  });
  // The queue's own turn was scheduled first: its job has started by the time this one comes.
  await new Promise(setImmediate);
  expect(started).toBe(true);
  await running;
});

it('delivers after the turn has passed: the next job runs while an answer is still being posted', async () => {
  const queue = new WorkQueue();
  const order: string[] = [];
  let posted = () => {};
  const first = queue.runThen(
    async () => order.push('first job'),
    () =>
      new Promise<void>((resolve) => {
        posted = resolve;
      }),
  );
  await queue.run(async () => order.push('second job'));
  expect(order).toEqual(['first job', 'second job']);
  const closed = queue.close();
  let closedYet = false;
  void closed.then(() => {
    closedYet = true;
  });
  await new Promise(setImmediate);
  // Shutdown waits for the delivery as well.
  expect(closedYet).toBe(false);
  posted();
  await Promise.all([first, closed]);
});

it('posts at most MAX_DELIVERIES answers at once; a finished one lets the next start', async () => {
  const queue = new WorkQueue();
  const posting: (() => void)[] = [];
  let lastJobDone = () => {};
  const jobsDone = new Promise<void>((resolve) => {
    lastJobDone = resolve;
  });
  const count = MAX_DELIVERIES + 2;
  const answers = Array.from({ length: count }, (_, index) =>
    queue.runThen(
      async () => {
        if (index === count - 1) lastJobDone();
      },
      () => new Promise<void>((posted) => posting.push(posted)),
    ),
  );
  await jobsDone;
  await turns(3);
  expect(posting).toHaveLength(MAX_DELIVERIES);
  posting[0]?.();
  await turns(3);
  expect(posting).toHaveLength(MAX_DELIVERIES + 1);
  for (let i = 1; i < count; i++) {
    posting[i]?.();
    await turns(3);
  }
  await Promise.all(answers);
});

it('work after a delivery holds no delivery slot, and shutdown still waits for it', async () => {
  const queue = new WorkQueue();
  const threads: (() => void)[] = [];
  // More answers than slots, each followed by a thread that is not opened until released.
  const answers = Array.from({ length: MAX_DELIVERIES + 2 }, () =>
    queue.runThen(
      async () => undefined,
      async () => {
        queue.afterDelivery(() => new Promise<void>((opened) => threads.push(opened)));
      },
    ),
  );
  await Promise.all(answers);
  expect(threads).toHaveLength(MAX_DELIVERIES + 2);
  let closedYet = false;
  const closed = queue.close().then(() => {
    closedYet = true;
  });
  await turns(3);
  expect(closedYet).toBe(false);
  for (const open of threads) open();
  await closed;
});

it('commands waiting go before background jobs waiting; a background job hands its turn to them at letRequestsIn', async () => {
  const queue = new WorkQueue();
  const order: string[] = [];
  let release = () => {};
  const first = queue.run(() => new Promise<void>((resolve) => (release = resolve)));
  const step = queue.runInBackground(async () => {
    order.push('step part 1');
    commands.push(queue.run(async () => order.push('command B')));
    await letRequestsIn();
    order.push('step part 2');
  });
  const commands = [queue.run(async () => order.push('command A'))];
  await turns(3);
  release();
  await step;
  await Promise.all([first, ...commands]);
  // A command that arrived while the step waited went first; one that arrived during it, at its next pause.
  expect(order).toEqual(['command A', 'step part 1', 'command B', 'step part 2']);
});

it('a background job whose parts pause side by side hands its turn over once: commands still run one at a time', async () => {
  const queue = new WorkQueue();
  const order: string[] = [];
  let running = 0;
  let most = 0;
  const command = (name: string) =>
    queue.run(async () => {
      most = Math.max(most, ++running);
      await turns(2);
      order.push(name);
      running--;
    });
  await queue.runInBackground(async () => {
    const commands = [command('A'), command('B')];
    await Promise.all([letRequestsIn(), letRequestsIn()]);
    order.push('step');
    await Promise.all(commands);
  });
  expect(order).toEqual(['A', 'B', 'step']);
  expect(most).toBe(1);
});

it('a background job with no command waiting keeps its turn at letRequestsIn', async () => {
  const queue = new WorkQueue();
  const order: string[] = [];
  await queue.runInBackground(async () => {
    order.push('part 1');
    await letRequestsIn();
    order.push('part 2');
  });
  await queue.run(async () => order.push('command'));
  expect(order).toEqual(['part 1', 'part 2', 'command']);
});

it('a command still on its way through a hand-off goes before a background job waiting', async () => {
  const queue = new WorkQueue();
  const order: string[] = [];
  let release = () => {};
  const first = queue.run(() => new Promise<void>((resolve) => (release = resolve)));
  const step = queue.runInBackground(async () => {
    order.push('step');
  });
  const handedOff = new Promise<void>((done) =>
    queue.handOff(async () => {
      await turns(5); // Bolt's middleware, before its listener queues the command
      await queue.run(async () => order.push('command'));
      done();
    }),
  );
  await turns(1);
  release();
  await Promise.all([first, step, handedOff]);
  // Before, the step took the free turn: no command was waiting yet. In the bot, a cycle part ran between every two commands.
  expect(order).toEqual(['command', 'step']);
});

it('a background job hands its turn at letRequestsIn to a command still on its way through a hand-off', async () => {
  const queue = new WorkQueue();
  const order: string[] = [];
  let handedOff: Promise<void> = Promise.resolve();
  await queue.runInBackground(async () => {
    order.push('part 1');
    handedOff = new Promise<void>((done) =>
      queue.handOff(async () => {
        await turns(5);
        await queue.run(async () => order.push('command'));
        done();
      }),
    );
    await letRequestsIn();
    order.push('part 2');
  });
  await handedOff;
  expect(order).toEqual(['part 1', 'command', 'part 2']);
});

it('a hand-off that queues no command holds background jobs back only until it has finished', async () => {
  const queue = new WorkQueue();
  const order: string[] = [];
  queue.handOff(async () => {
    await turns(3);
    order.push('hand-off');
  });
  await queue.runInBackground(async () => order.push('step'));
  expect(order).toEqual(['hand-off', 'step']);
});

it('hands off work in a later turn, after the requests arriving are answered; shutdown waits for it, then refuses more', async () => {
  const server = await answeringServer();
  const { queue } = server;
  const answeredAtHandOff: number[] = [];
  const replies = burst(server.port);
  let finishLast = () => {};
  const lastStarted = new Promise<void>((started) => {
    for (let i = 0; i < 3; i++)
      queue.handOff(async () => {
        answeredAtHandOff.push(server.answered);
        holdLoop(30);
        if (i < 2) return;
        started();
        await new Promise<void>((resolve) => (finishLast = resolve));
      });
  });
  // Nothing runs in the turn it was handed off in.
  expect(answeredAtHandOff).toEqual([]);
  await Promise.all([replies, lastStarted]);
  // As with jobs, the first may start before the burst reaches the server; the next ones wait until it is in.
  expect(answeredAtHandOff.slice(1)).toEqual([BURST, BURST]);
  let closedYet = false;
  const closed = queue.close().then(() => {
    closedYet = true;
  });
  await turns(3);
  expect(closedYet).toBe(false);
  expect(() => queue.handOff(async () => {})).toThrow(QueueClosedError);
  finishLast();
  await closed;
});

/**
 * A server whose acknowledgement of a request, once its body is read, comes `ackAfterTurns` turns of the loop later
 * (a stand-in for the replay guard's insert, which gathers a burst's requests): `whenRead` runs as the body is in.
 * Counted in turns, not milliseconds, so a loaded machine cannot stretch it past the queue's admission bound.
 */
async function slowAckServer(ackAfterTurns: number, whenRead: () => void) {
  const state = { acked: 0, queue: new WorkQueue(), port: 0 };
  state.port = await watchedServer(state.queue, (request, response) => {
    request.resume();
    request.once('end', async () => {
      whenRead();
      for (let turn = 0; turn < ackAfterTurns; turn++) await new Promise<void>((next) => setImmediate(next));
      state.acked++;
      response.end('ok');
    });
  });
  return state;
}

/** One request on a new connection; resolves once answered. */
function oneRequest(port: number): Promise<number[]> {
  return burstOf(port, ['/']);
}

it('does not start a job while a request that has arrived is being acknowledged', async () => {
  let ackedAtStart = -1;
  let job: Promise<void> = Promise.resolve();
  const server = await slowAckServer(20, () => {
    // Queued as the request is read, as a command's answer is while its burst is still being acknowledged.
    job = server.queue.run(async () => {
      ackedAtStart = server.acked;
    });
  });
  await oneRequest(server.port);
  await job;
  // Without the wait for acknowledgements, the job started one turn after it was queued, 19 turns before the ack.
  expect(ackedAtStart).toBe(1);
});

it('a background job resumes at letRequestsIn only once the requests being acknowledged are', async () => {
  let ackedAtResume = -1;
  let resumed = () => {};
  const done = new Promise<void>((resolve) => (resumed = resolve));
  const server = await slowAckServer(20, () => {
    void server.queue.runInBackground(async () => {
      await letRequestsIn();
      ackedAtResume = server.acked;
      resumed();
    });
  });
  await Promise.all([oneRequest(server.port), done]);
  expect(ackedAtResume).toBe(1);
});

it('letRequestsIn outside a job does nothing', async () => {
  await expect(letRequestsIn()).resolves.toBeUndefined();
});

it('close() lets the running and waiting jobs finish, then refuses new ones', async () => {
  const queue = new WorkQueue();
  const finished: string[] = [];
  let release = () => {};
  const started = new Promise<void>((markStarted) => {
    void queue.run(
      () =>
        new Promise<void>((resolve) => {
          release = () => {
            finished.push('running');
            resolve();
          };
          markStarted();
        }),
    );
  });
  const waiting = queue.run(async () => {
    finished.push('waiting');
  });
  await started;
  const closed = queue.close();
  await expect(queue.run(async () => 'late')).rejects.toThrow(QueueClosedError);
  release();
  await Promise.all([waiting, closed]);
  expect(finished).toEqual(['running', 'waiting']);
});
