import { expect, it } from 'vitest';
import { channelData } from '../../src/core/analytics/analytics-video.js';
import { analyticsVideoFromRecord } from '../../src/core/analytics/from-video-record.js';
import { latestAnalysis, latestAnalysisInTurns } from '../../src/core/analytics/latest-analysis.js';
import { generateDemoChannel } from '../../src/core/demo/demo-channel.js';
import { WorkQueue } from '../../src/core/work-queue.js';

// The daily cycle's analysis of a channel (100–400 ms of CPU) runs in turns: a command waiting when it begins runs
// before it ends, instead of after the whole analysis.

function demoData() {
  const demo = generateDemoChannel({ seed: 42, endDate: new Date('2026-11-23T00:00:00Z') });
  return channelData(
    demo.timezone,
    demo.videos.map((record) => analyticsVideoFromRecord(record)),
  );
}

it('a background analysis lets a waiting command in before it ends, and keeps the analysis that command made', async () => {
  const queue = new WorkQueue();
  const data = demoData();
  const order: string[] = [];
  let commandAnalysis: unknown;
  let command: Promise<void> | undefined;
  const analysis = await queue.runInBackground(async () => {
    command = queue.run(async () => {
      order.push('command');
      commandAnalysis = latestAnalysis(data);
    });
    const result = await latestAnalysisInTurns(data);
    order.push('analysed');
    return result;
  });
  await command;
  expect(order).toEqual(['command', 'analysed']);
  // The command analysed the same data meanwhile: one analysis is kept, and both read it.
  expect(analysis).toBe(commandAnalysis);
  expect(latestAnalysis(data)).toBe(analysis);
});

it('a background analysis with nothing waiting gives what the analysis at once gives', async () => {
  const queue = new WorkQueue();
  const inTurns = await queue.runInBackground(() => latestAnalysisInTurns(demoData()));
  const atOnce = latestAnalysis(demoData());
  expect(JSON.stringify(inTurns)).toBe(JSON.stringify(atOnce));
});

it('a background analysis interleaved with commands analysing other channels gives what the analysis at once gives', async () => {
  // The analysis keeps scratch state between calls (score columns, topic texts, day offsets): a command analysing
  // another channel at one of its pauses must not change what the paused analysis goes on to compute.
  const other = (seed: number) => {
    const demo = generateDemoChannel({ seed, endDate: new Date('2026-11-23T00:00:00Z'), videoCount: 60 + seed });
    return channelData(
      demo.timezone,
      demo.videos.map((record) => analyticsVideoFromRecord(record)),
    );
  };
  const queue = new WorkQueue();
  const commands: Promise<void>[] = [];
  let analysed = false;
  let duringAnalysis = 0;
  // Each command queues the next, which waits for the background job's next pause: one command per pause.
  const command = (seed: number): Promise<void> =>
    queue.run(async () => {
      if (!analysed) duringAnalysis++;
      latestAnalysis(other(seed));
      if (seed < 6) commands.push(command(seed + 1));
    });
  const inTurns = await queue.runInBackground(async () => {
    commands.push(command(1));
    const result = await latestAnalysisInTurns(demoData());
    analysed = true;
    return result;
  });
  while (commands.length < 6) await commands.at(-1);
  await Promise.all(commands);
  expect(duringAnalysis).toBeGreaterThan(0);
  expect(JSON.stringify(inTurns)).toBe(JSON.stringify(latestAnalysis(demoData())));
});
