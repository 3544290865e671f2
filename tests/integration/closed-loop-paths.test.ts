import { afterAll, beforeAll, expect, it } from 'vitest';
import { runTubePilot, type TubePilotRun } from '../../bench/closed-loop/tubepilot-run.js';
import type { Database } from '../../src/core/db/database.js';
import { SeededRandom } from '../../src/core/random/seeded-random.js';
import { ChannelSimulator, SIM_START } from '../fakes/channel-simulator.js';
import { MONTAGNE } from '../fakes/worlds.js';
import { openPgliteTestDatabase } from '../support/test-databases.js';

// The closed-loop benchmark's fast mode writes the simulator's videos straight into the store instead of
// refreshing through the YouTube client and the fake server. That shortcut is only allowed if TubePilot then plans
// exactly the same videos: same seed, same plans, same predictions, on a small run of one world (the French one,
// so accented topic words go through both paths). The fast run also shares its database with an earlier run, as
// the benchmark's runs do.

const DAY_MS = 86_400_000;
const DAYS = 6;
const ids = { team: 7, channel: 7 };

/** 30 videos a day apart, the last 31 days before the run, so /script has videos old enough to predict from. */
function channel(seed: number): ChannelSimulator {
  const simulator = new ChannelSimulator(seed, MONTAGNE);
  const history = new SeededRandom(`history:${seed}`);
  for (let i = 60; i > 30; i--) {
    simulator.publish(
      simulator.videoFor(simulator.randomPlan(history), new Date(SIM_START.getTime() - i * DAY_MS), history),
    );
  }
  return simulator;
}

let httpDb: Database;
let storeDb: Database;
let viaHttp: TubePilotRun;
let viaStore: TubePilotRun;

beforeAll(async () => {
  [httpDb, storeDb] = await Promise.all([openPgliteTestDatabase(), openPgliteTestDatabase()]);
  viaHttp = await runTubePilot(channel(5), SIM_START, DAYS, { freeze: false, path: 'http', ids, db: httpDb.prisma });
  await runTubePilot(channel(6), SIM_START, 2, {
    freeze: false,
    path: 'store',
    ids: { team: 1, channel: 1 },
    db: storeDb.prisma,
  });
  viaStore = await runTubePilot(channel(5), SIM_START, DAYS, { freeze: false, path: 'store', ids, db: storeDb.prisma });
});

afterAll(async () => {
  await Promise.all([httpDb?.close(), storeDb?.close()]);
});

it('plans the same videos with the same predictions through the store as through the YouTube client', () => {
  expect(viaHttp.videos).toHaveLength(DAYS);
  // Not a run where nothing is predicted or every day is the same plan: then equality would prove little.
  expect(viaHttp.videos.some((video) => video.prediction !== null)).toBe(true);
  expect(new Set(viaHttp.videos.map((video) => video.input.title)).size).toBeGreaterThan(1);
  // The ledger's prediction ids differ (the fast run's database holds an earlier run); nothing else may.
  const withoutIds = (run: TubePilotRun) =>
    run.videos.map((video) => ({ ...video, prediction: video.prediction && { ...video.prediction, id: 0 } }));
  expect(withoutIds(viaStore)).toEqual(withoutIds(viaHttp));
  expect(viaStore.trendRows).toEqual(viaHttp.trendRows);
});
