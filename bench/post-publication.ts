// Post-publication prediction on real histories: TubePilot (every early reading, shrunk toward plain
// Szabo–Huberman and the growth curve) against plain Szabo–Huberman and persistence, out of sample — each video
// predicted only from earlier videos whose horizon had passed by then (src/core/analytics/backtest.ts). Real
// series: Adele's daily views (tests/fixtures, MIT), as published and thinned to one reading every 3 days, each
// replayed and cross-validated (every video from the other five, since a replay predicts only the last three); 259
// US trending videos of November 2017 (Kaggle, CC0), one reading a day while on the list, cross-validated; the
// Alex The Analyst export holds one reading per video, so it cannot score a prediction made after publishing.
// The demo channel (simulated) is shown for scale. Goal (issue 15): ≥ 10 % lower median |log10 error| than
// plain Szabo–Huberman with 75–85 % coverage of the 80 % intervals.

import { readFileSync } from 'node:fs';
import { type AnalyticsVideo, type ChannelData, channelData } from '../src/core/analytics/analytics-video.js';
import {
  BACKTEST_METHODS,
  type BacktestMethod,
  type BacktestPrediction,
  backtest,
  scoreBacktestPredictions,
} from '../src/core/analytics/backtest.js';
import { TRENDING_AGE_PAIRS } from '../src/core/analytics/generic-growth.js';
import { MIN_TRAINING_VIDEOS } from '../src/core/analytics/post-publish-prediction.js';
import { demoChannelData } from '../tests/support/analytics-videos.js';
import { adeleVideos, asPeriodicSnapshots, usTrendingVideos } from '../tests/support/real-histories.js';
import type { Benchmark, BenchOptions, BenchTable } from './benchmark.js';
import { compareChannelByChannel, compareMethods } from './method-comparison.js';

/** (early age, horizon) pairs in days. */
const ADELE_AGES: [number, number][] = [
  [1, 30],
  [3, 30],
  [7, 30],
  [7, 90],
  [14, 90],
  [30, 365],
];
const DEMO_AGES: [number, number][] = [
  [1, 7],
  [1, 21],
  [3, 21],
];
const METHOD_LABELS: Record<BacktestMethod, string> = {
  tubepilot: 'TubePilot',
  'plain-szabo-huberman': 'plain Szabo–Huberman',
  persistence: 'persistence',
  'channel-median': 'channel median',
};

/** Adele's six histories: the size of the few-history channels cut from larger series. */
const SMALL_CHANNEL_VIDEOS = 6;

/** Consecutive uploads in channels of `size` (a remainder smaller than that is left out). */
function channelsOf(videos: readonly AnalyticsVideo[], size: number): ChannelData[] {
  const ordered = [...videos].sort((a, b) => (a.publishedAt?.getTime() ?? 0) - (b.publishedAt?.getTime() ?? 0));
  const channels: ChannelData[] = [];
  for (let start = 0; start + size <= ordered.length; start += size) {
    channels.push(channelData('UTC', ordered.slice(start, start + size)));
  }
  return channels;
}

const fixed = (value: number | null) => (value === null ? '—' : value.toFixed(3));
const percent = (value: number | null) => (value === null ? '—' : `${Math.round(value * 100)}%`);
const factor = (log10: number | null) => (log10 === null ? '—' : `×${(10 ** log10).toFixed(2)}`);

interface Series {
  name: string;
  /** One channel, or several small ones pooled. */
  channels: ChannelData[];
  ages: [number, number][];
  minEarlierVideos?: number;
  crossValidate?: boolean;
}

function rowsFor(series: Series, now: Date): { rows: string[][]; gain: string } {
  const pooled = new Map<BacktestMethod, BacktestPrediction[]>(BACKTEST_METHODS.map((method) => [method, []]));
  const byChannel = series.channels.map(() => ({
    ours: [] as BacktestPrediction[],
    theirs: [] as BacktestPrediction[],
  }));
  const counted: string[] = [];
  for (const [earlyAgeDays, horizonDays] of series.ages) {
    let scored = false;
    for (const [index, channel] of series.channels.entries()) {
      const result = backtest(channel, {
        earlyAgeDays,
        horizonDays,
        now,
        minEarlierVideos: series.minEarlierVideos,
        crossValidate: series.crossValidate,
      });
      if ('insufficient' in result) continue;
      scored = true;
      for (const method of BACKTEST_METHODS) pooled.get(method)?.push(...result.methods[method].predictions);
      byChannel[index]?.ours.push(...result.methods.tubepilot.predictions);
      byChannel[index]?.theirs.push(...result.methods['plain-szabo-huberman'].predictions);
    }
    if (scored) counted.push(`${earlyAgeDays}→${horizonDays}`);
  }
  const scores = new Map(
    BACKTEST_METHODS.map((method) => [method, scoreBacktestPredictions(method, pooled.get(method) ?? [])]),
  );
  const rows = BACKTEST_METHODS.map((method) => {
    const score = scores.get(method);
    return [
      series.name,
      counted.join(', ') || '—',
      METHOD_LABELS[method],
      String(score?.n ?? 0),
      fixed(score?.medianAbsLog10Error ?? null),
      fixed(score?.meanAbsLog10Error ?? null),
      percent(score?.coverage ?? null),
      factor(score?.meanIntervalWidthLog10 ?? null),
    ];
  });
  const ours = scores.get('tubepilot')?.medianAbsLog10Error;
  const plain = scores.get('plain-szabo-huberman')?.medianAbsLog10Error;
  const comparison = compareMethods(pooled.get('tubepilot') ?? [], pooled.get('plain-szabo-huberman') ?? []);
  const gain =
    ours == null || plain == null || comparison === null
      ? `${series.name}: no comparison`
      : `${series.name}: TubePilot's median |log10 error| is ${Math.abs(100 * (1 - ours / plain)).toFixed(1)}% ${ours <= plain ? 'lower' : 'higher'} than plain Szabo–Huberman's ` +
        `(ratio ${comparison.ratio.toFixed(2)}, 95 % interval over resampled videos ${comparison.low.toFixed(2)}–${comparison.high.toFixed(2)}); ` +
        `lower summed error on ${comparison.videosWon} of ${comparison.videos} videos`;
  return { rows, gain: series.channels.length > 1 ? `${gain}; ${oneChannelAtATime(byChannel)}` : gain };
}

/** The goal's ratio of median errors (issue 15): TubePilot ≤ 0.90 × plain Szabo–Huberman's. */
const GOAL_RATIO = 0.9;

/**
 * How often one small channel alone shows the goal, as Adele's six videos must: of the channels predicted at least
 * once per video on average (fewer predictions make a median of noise), how many reach the goal's ratio.
 */
function oneChannelAtATime(
  byChannel: readonly { ours: readonly BacktestPrediction[]; theirs: readonly BacktestPrediction[] }[],
): string {
  const { channels, atOrBelow, medianRatio } = compareChannelByChannel(byChannel, GOAL_RATIO, SMALL_CHANNEL_VIDEOS);
  return channels === 0
    ? 'no channel predicted often enough to be read alone'
    : `channel by channel (${channels} with ≥ ${SMALL_CHANNEL_VIDEOS} predictions): ratio ≤ ${GOAL_RATIO.toFixed(2)} on ` +
        `${atOrBelow}, median channel's ${medianRatio?.toFixed(2)}`;
}

async function run({ quick }: BenchOptions): Promise<BenchTable> {
  const adele = adeleVideos();
  const far = new Date('2030-01-01T00:00:00Z');
  const endDate = new Date('2026-11-23T00:00:00Z');
  const series: Series[] = [
    // Six videos: each is predicted from the earlier ones once MIN_TRAINING_VIDEOS exist (the last three).
    {
      name: 'Adele daily',
      channels: [channelData('UTC', adele)],
      ages: ADELE_AGES,
      minEarlierVideos: MIN_TRAINING_VIDEOS,
    },
    {
      name: 'Adele every 3 days',
      channels: [channelData('UTC', asPeriodicSnapshots(adele, 3))],
      ages: ADELE_AGES,
      minEarlierVideos: MIN_TRAINING_VIDEOS,
    },
    // Every one of the six predicted from the other five (later ones too): more predictions, still six videos.
    {
      name: 'Adele daily, cross-validated',
      channels: [channelData('UTC', adele)],
      ages: ADELE_AGES,
      minEarlierVideos: MIN_TRAINING_VIDEOS,
      crossValidate: true,
    },
    {
      name: 'Adele every 3 days, cross-validated',
      channels: [channelData('UTC', asPeriodicSnapshots(adele, 3))],
      ages: ADELE_AGES,
      minEarlierVideos: MIN_TRAINING_VIDEOS,
      crossValidate: true,
    },
    // One upload per channel, read for six days: no video's horizon had passed before another's early age, so
    // only a cross-validation can score them (each from all the others).
    {
      name: 'US trending 2017, cross-validated',
      channels: [channelData('UTC', usTrendingVideos())],
      ages: [...TRENDING_AGE_PAIRS],
      crossValidate: true,
    },
    // Channels as small as Adele's, cut from the trending videos in upload order (uploads close in time were read
    // at similar ages), each video cross-validated from the other five: the regime the generic constants are for.
    // Those constants were measured on these same videos, so this row is a check of their use, not of their value
    // (the simulated six-video channels below are out of sample).
    {
      name: 'US trending 2017, channels of 6, cross-validated',
      channels: channelsOf(usTrendingVideos(), SMALL_CHANNEL_VIDEOS),
      ages: [...TRENDING_AGE_PAIRS],
      minEarlierVideos: MIN_TRAINING_VIDEOS,
      crossValidate: true,
    },
  ];
  const rows: string[][] = [];
  const notes: string[] = [];
  for (const entry of series) {
    const { rows: seriesRows, gain } = rowsFor(entry, far);
    rows.push(...seriesRows);
    notes.push(gain);
  }
  const alexLines = readFileSync(new URL('../tests/fixtures/alex-the-analyst-videos.csv', import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '').length;
  rows.push([
    'Alex The Analyst',
    `skipped: the export holds one reading per video (${alexLines - 1} lines, one per video); a post-publication prediction needs two`,
  ]);
  const demoSeeds = quick ? [42] : [42, 3];
  for (const seed of demoSeeds) {
    const { channel } = demoChannelData(seed, endDate);
    const { rows: seriesRows, gain } = rowsFor(
      { name: `demo seed ${seed} (simulated)`, channels: [channel], ages: DEMO_AGES },
      endDate,
    );
    rows.push(...seriesRows);
    notes.push(gain);
  }
  // Six-video channels cut from simulated ones, consecutive uploads: out of sample for the generic constants.
  for (const seed of quick ? [] : [7, 11]) {
    const { channel } = demoChannelData(seed, endDate);
    const { rows: seriesRows, gain } = rowsFor(
      {
        name: `demo seed ${seed}, channels of 6 (simulated)`,
        channels: channelsOf(channel.videos, SMALL_CHANNEL_VIDEOS),
        ages: DEMO_AGES,
        minEarlierVideos: MIN_TRAINING_VIDEOS,
        crossValidate: true,
      },
      endDate,
    );
    rows.push(...seriesRows);
    notes.push(gain);
  }
  notes.push(
    'Pooled over the ages listed; n counts predictions. Coverage: share of actual views inside the 80 % interval (persistence has none).',
    'Interval width: geometric mean of high ÷ low. Out of sample: each video predicted as /predict would have at the early age (from its latest reading by then), from earlier videos only;',
    '"cross-validated": from every other video, later ones too (a test of the method, not a replay of what could have been known).',
  );
  return {
    title:
      'Post-publication prediction on real histories (median and mean |log10 error|, 80 % coverage, interval width)',
    columns: ['Series', 'Ages (days)', 'Method', 'n', 'Median |err|', 'Mean |err|', '80% cov.', 'Width'],
    rows,
    notes,
  };
}

export const postPublication: Benchmark = { name: 'post-publication', run };
