// Analysis speed: the whole per-channel analysis that /stats, /trends and the daily cycle run — every video's
// outlier and success score, the channel effect model (effect-model.ts), retention medians and the 30-day trend —
// on demo channels of growing size. Data generation is not timed.

import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { type ChannelData, channelData, figuresTime } from '../src/core/analytics/analytics-video.js';
import { analyzeChannel } from '../src/core/analytics/channel-analysis.js';
import { analyticsVideoFromRecord } from '../src/core/analytics/from-video-record.js';
import { channelRetentionMedians } from '../src/core/analytics/retention-key-points.js';
import { forgetTopicTexts } from '../src/core/analytics/topic-texts.js';
import { generateDemoChannel } from '../src/core/demo/demo-channel.js';
import { periodTrend } from '../src/core/stats/period-trend.js';
import { median } from '../src/core/stats/summary-statistics.js';
import type { Benchmark, BenchOptions, BenchTable } from './benchmark.js';
import { youngGenerationNote } from './bot-node-flags.js';

const END_DATE = new Date('2026-11-23T00:00:00Z');
/** The budget for one 10,000-video channel on one core. */
const TARGET_MS_10K = 250;
/** Runs timed at 10,000 videos: on a shared virtual machine single runs vary 200–450 ms, and a median of 5 moved by
 * ±50 ms between two runs of the bench. */
const RUNS_10K = 11;
/**
 * Untimed runs first: V8 compiles the hot functions on background threads over the first few runs (at 10,000
 * videos the first three took 420–630 ms wall and up to twice that in CPU, the later ones 150–250 ms), and a
 * bot analyses a channel many times in one process. One warm-up left two or three of those runs among the 11.
 */
const WARM_UP_RUNS = 3;

function demoChannel(seed: number, videoCount: number): ChannelData {
  const demo = generateDemoChannel({ seed, endDate: END_DATE, videoCount });
  return channelData(
    demo.timezone,
    demo.videos.map((record) => analyticsVideoFromRecord(record)),
  );
}

function fullAnalysis(channel: ChannelData) {
  return {
    analysis: analyzeChannel(channel, figuresTime(channel)),
    retention: channelRetentionMedians(channel.videos),
    trend: periodTrend(channel.videos, figuresTime(channel), 30),
  };
}

/**
 * Wall ms of each of `runs` analyses of the channel `next` gives before each (not timed), after WARM_UP_RUNS untimed ones.
 * `forget`: no text read before, as in a process that never saw the channel (topic-texts.ts keeps what it read).
 */
function timeRuns(next: () => ChannelData, runs: number, forget: boolean): number[] {
  for (let run = 0; run < WARM_UP_RUNS; run++) fullAnalysis(next());
  return Array.from({ length: runs }, () => {
    const channel = next();
    if (forget) forgetTopicTexts();
    const start = performance.now();
    fullAnalysis(channel);
    return performance.now() - start;
  });
}

// A full collection before each heap reading, so a figure is what is still reachable, not garbage not yet
// collected. The flag can be set at run time; `gc` then exists in contexts created after it.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** MiB reachable after a full collection: the JS heap plus typed arrays' buffers, which live outside it. */
function liveHeapMiB(): number {
  collectGarbage();
  collectGarbage(); // a second pass frees the buffers whose owners the first one collected
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return (heapUsed + arrayBuffers) / 1_048_576;
}

/** The value `make` returns and the MiB (heap and buffers) it keeps reachable. */
function measured<T>(make: () => T): { value: T; mib: number } {
  const before = liveHeapMiB();
  const value = make();
  return { value, mib: liveHeapMiB() - before };
}

async function run({ quick }: BenchOptions): Promise<BenchTable> {
  const sizes = quick ? [100, 1000] : [100, 1000, 10_000];
  const rows: string[][] = [];
  for (const videoCount of sizes) {
    const { value: channel, mib: dataMiB } = measured(() => demoChannel(42, videoCount));
    const snapshots = channel.videos.reduce((sum, video) => sum + video.snapshots.atMs.length, 0);
    // Texts never read: what the first analysis of a channel costs. The same texts in data read again: what
    // the bot's analysis after a write costs (a refresh's new snapshots leave titles, tags and descriptions as
    // they were, and the channel is read from the database into new objects), measured at 10,000 videos.
    const cases: [string, () => ChannelData, boolean][] = [['1 channel, texts new', () => channel, true]];
    if (videoCount >= 10_000) cases.push(['1 channel, after a write', () => demoChannel(42, videoCount), false]);
    for (const [workload, next, forget] of cases) {
      const times = timeRuns(next, videoCount >= 10_000 ? RUNS_10K : 10, forget);
      const { mib: resultMiB } = measured(() => fullAnalysis(channel));
      const middle = median(times) as number;
      rows.push([
        workload,
        String(videoCount),
        String(snapshots),
        middle.toFixed(1),
        Math.min(...times).toFixed(1),
        dataMiB.toFixed(1),
        resultMiB.toFixed(1),
        videoCount === 10_000 ? (middle <= TARGET_MS_10K ? 'within' : 'OVER') : '',
      ]);
    }
  }

  const channelCount = quick ? 50 : 1000;
  const { value: channels, mib: dataMiB } = measured(() =>
    Array.from({ length: channelCount }, (_, seed) => demoChannel(seed, 200)),
  );
  const start = performance.now();
  for (const channel of channels) fullAnalysis(channel);
  const total = performance.now() - start;
  rows.push([
    `${channelCount} channels`,
    `${channelCount} × 200`,
    String(
      channels.reduce(
        (sum, channel) => sum + channel.videos.reduce((acc, video) => acc + video.snapshots.atMs.length, 0),
        0,
      ),
    ),
    `${(total / 1000).toFixed(2)} s total`,
    `${(total / channelCount).toFixed(1)} per channel`,
    dataMiB.toFixed(1),
    '',
    '',
  ]);
  return {
    title: 'Analysis speed (scores + the channel effect model + retention + 30-day trend; one core)',
    columns: [
      'workload',
      'videos',
      'snapshots',
      'median ms',
      'min ms',
      'data MiB',
      'result MiB',
      `median ≤ ${TARGET_MS_10K} ms (10k)`,
    ],
    rows,
    notes: [
      'Data generated by the demo generator (seed 42), generation not timed. data: memory the loaded channel(s) take;',
      'result: memory the analysis output keeps (scores, patterns, retention medians, trend); JS heap + array buffers',
      'after a full GC.',
      youngGenerationNote(),
    ],
  };
}

export const analysisSpeed: Benchmark = { name: 'analysis-speed', run };
