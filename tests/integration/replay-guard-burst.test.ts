import { expect, it } from 'vitest';
import { ReplayGuard } from '../../src/bot/http/replay-guard.js';
import type { Db } from '../../src/core/db/database.js';
import { WorkQueue } from '../../src/core/work-queue.js';
import { burst, holdLoop, watchedServer } from '../support/connection-burst.js';

// The replay guard records the keys of a burst in a few inserts, not one per request, even when each insert
// holds the event loop (PGlite runs in this thread): libuv accepts one new connection per turn of the loop,
// so an insert started every turn took one key each and delayed the acceptance of the rest.

const BURST = 30;
/** How long the stand-in database's insert holds the loop: about what PGlite's took in the chat bench. */
const INSERT_HOLDS_MS = 3;

/** A database with the guard's table only: an insert holds the loop, keeps new keys and returns them. */
function holdingDatabase() {
  const stored = new Set<string>();
  const inserts: number[] = [];
  const db = {
    seenRequest: { deleteMany: async () => ({ count: 0 }) },
    async $queryRawUnsafe(_sql: string, json: string) {
      const rows = JSON.parse(json) as { platform: string; key: string }[];
      inserts.push(rows.length);
      holdLoop(INSERT_HOLDS_MS);
      return rows.filter((row) => {
        const id = `${row.platform} ${row.key}`;
        if (stored.has(id)) return false;
        stored.add(id);
        return true;
      });
    },
  };
  return { db: db as unknown as Db, inserts };
}

it('records a burst of new connections in a few inserts, and a key sent twice in it passes once', async () => {
  const { db, inserts } = holdingDatabase();
  const queue = new WorkQueue();
  const guard = new ReplayGuard(db, { queue });
  const port = await watchedServer(queue, async (request, response) => {
    const first = await guard.firstSeen('slack', String(request.url), Date.now() + 60_000);
    response.statusCode = first ? 200 : 409;
    response.end();
  });
  const paths = [...Array.from({ length: BURST }, (_, i) => `/key-${i}`), '/key-0'];
  const statuses = await burst(port, paths);
  expect(statuses.filter((status) => status === 200)).toHaveLength(BURST);
  expect(statuses.filter((status) => status === 409)).toHaveLength(1);
  expect(inserts.reduce((sum, keys) => sum + keys, 0)).toBe(BURST + 1);
  // One insert per request would be BURST + 1 of them; the rest of the burst arrives during the first few.
  expect(inserts.length).toBeLessThanOrEqual(BURST / 3);
});
