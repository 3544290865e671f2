import { expect, it } from 'vitest';
import { loadChannelData } from '../../src/core/analytics/load-channel-data.js';
import { localChartRenderer } from '../../src/core/charts/local-chart-renderer.js';
import { loadConfig } from '../../src/core/config.js';
import { ensureDemoChannel } from '../../src/core/demo/seed-demo.js';
import { buildDigest } from '../../src/core/digest/build-digest.js';
import { WorkQueue } from '../../src/core/work-queue.js';
import { productCycleSteps } from '../../src/jobs/cycle-steps.js';
import { describeEachBackend } from '../support/backends.js';
import { memoryLog } from '../support/command-context.js';

// Awaiting the embedded database never turns the event loop, so a cycle step that does not let requests in
// between its parts holds the loop (and the acknowledgements of requests arriving meanwhile) for all of them.
// A command waiting when a step begins shows where the step first lets requests in: it runs there.

const endDate = new Date('2026-11-23T00:00:00Z');
let teamCounter = 0;

describeEachBackend('the cycle lets requests in between its parts', (database) => {
  async function demoChannel() {
    const db = database().prisma;
    const team = await db.team.create({
      data: { platform: 'slack', externalId: `turns-${process.pid}-${++teamCounter}`, name: 'Turns' },
    });
    const { channelId } = await ensureDemoChannel(db, team.id, { seed: 3, endDate });
    // Read once already, as a command or the cycle's step before would have: a first read lets requests in at
    // its start by itself, and the parts after it came in the same turn.
    await loadChannelData(db, channelId);
    return channelId;
  }

  it('the strategy step lets a waiting command in before it writes the strategy', async () => {
    const db = database().prisma;
    const channelId = await demoChannel();
    const steps = productCycleSteps({
      db,
      config: loadConfig({}),
      log: memoryLog().log,
      now: () => endDate,
      posters: {},
    });
    const queue = new WorkQueue();
    const step = queue.runInBackground(() => steps.updateStrategy(channelId, 30_000));
    const strategiesSeen = await queue.run(() => db.contentStrategy.count({ where: { channelId } }));
    expect((await step).summary).toMatch(/^strategy v1 written/);
    expect(strategiesSeen).toBe(0);
  });

  it('the digest lets a waiting command in before it reads the insights', async () => {
    const db = database().prisma;
    const channelId = await demoChannel();
    const queue = new WorkQueue();
    const digest = queue.runInBackground(() =>
      buildDigest(db, { channelId, now: endDate, renderer: localChartRenderer() }),
    );
    await queue.run(() =>
      db.channelInsight.create({
        data: {
          channelId,
          key: 'topic:waiting',
          type: 'topic',
          summary: 'Written by a command that waited for the digest',
          data: {},
          confidence: 1,
          sampleSize: 5,
          createdAt: endDate,
        },
      }),
    );
    const { data } = await digest;
    expect(data.activeInsights).toBe(1);
    expect(data.insights.map((insight) => insight.key)).toEqual(['topic:waiting']);
  });
});
