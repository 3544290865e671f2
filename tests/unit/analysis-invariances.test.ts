// Invariances the channel analysis must have, checked through its public entry points on demo channels:
// - scale: every view count ×10^k leaves what is relative (scores, effects on the ln scale, rankings, labels)
//   as it was and multiplies what is absolute (predicted views, views gained) by 10^k;
// - order: the videos in another order give the same analysis;
// - extremes: odd channels give finite figures, each estimate inside its own interval.
// The analysis reads ln(1 + views) (log1p, so that 0 views is a value), not ln views, so scaling is exact only up
// to the offset that the +1 makes: `logOffset` measures it on the data, and every tolerance here is a multiple of it.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Bands, breakoutOf } from '../../src/core/alerts/breakout-bands.js';
import { type AnalyticsVideo, channelData, figuresTime, HOUR_MS } from '../../src/core/analytics/analytics-video.js';
import { analyzeChannel, type ChannelAnalysis } from '../../src/core/analytics/channel-analysis.js';
import type { EffectEstimate } from '../../src/core/analytics/effect-estimate.js';
import { PRACTICAL_EFFECT } from '../../src/core/analytics/effect-model.js';
import { analyticsVideoFromRecord } from '../../src/core/analytics/from-video-record.js';
import type { DimensionEffects } from '../../src/core/analytics/pattern-effects.js';
import { forecastPlannedVideo } from '../../src/core/analytics/planned-video-prediction.js';
import { predictVideo } from '../../src/core/analytics/post-publish-prediction.js';
import { channelRetentionMedians } from '../../src/core/analytics/retention-key-points.js';
import { analyzeVideo, FACT_THRESHOLDS, type Fact } from '../../src/core/analytics/video-analysis.js';
import { generateDemoChannel } from '../../src/core/demo/demo-channel.js';
import { SeededRandom } from '../../src/core/random/seeded-random.js';
import { periodTrend } from '../../src/core/stats/period-trend.js';
import { Z80 } from '../../src/core/stats/summary-statistics.js';
import type { VideoRecord } from '../../src/core/videos/video-record.js';

const END = new Date('2026-11-23T00:00:00Z');
const TIMEZONE = 'America/New_York';
const Z95 = 1.959963984540054;
/** Floating-point floor for figures of order 1–25 (ln views) after EM's few hundred sums: far below any shown. */
const ROUNDING = 1e-9;

const demos = new Map<string, VideoRecord[]>();
function demoRecords(seed: number, count: number): VideoRecord[] {
  const key = `${seed}:${count}`;
  let records = demos.get(key);
  if (records === undefined) {
    records = generateDemoChannel({ seed, endDate: END, videoCount: count }).videos;
    demos.set(key, records);
  }
  return records;
}

const times = (value: number | null, factor: number) => (value === null ? null : value * factor);

/** Every view count of every video ×factor; likes, comments, shares and impressions too (each ≤ views). */
function scaledRecords(records: readonly VideoRecord[], factor: number): VideoRecord[] {
  return records.map((record) => ({
    ...record,
    stats: {
      ...record.stats,
      views: times(record.stats.views, factor),
      engagedViews: times(record.stats.engagedViews, factor),
      likes: times(record.stats.likes, factor),
      comments: times(record.stats.comments, factor),
      shares: times(record.stats.shares, factor),
      impressions: times(record.stats.impressions, factor),
    },
    snapshots: record.snapshots.map((snapshot) => ({
      ...snapshot,
      views: snapshot.views * factor,
      engagedViews: times(snapshot.engagedViews, factor),
    })),
  }));
}

/**
 * The most that ln(1 + views) − ln(factor) moves, over every reading, when views go ×factor: 0 for ln views.
 * A reading of 0 stays 0, exactly: histories read a straight line from it (views-at-age.ts), never its log1p.
 */
function logOffset(records: readonly VideoRecord[], factor: number): number {
  let most = 0;
  const read = (views: number | null) => {
    if (views !== null && views > 0) most = Math.max(most, Math.abs(Math.log((1 / factor + views) / (1 + views))));
  };
  for (const record of records) {
    read(record.stats.views);
    read(record.stats.engagedViews);
    for (const snapshot of record.snapshots) {
      read(snapshot.views);
      read(snapshot.engagedViews);
    }
  }
  return most;
}

/**
 * Every video read at 30 minutes with 0 views (a new video's count is frozen at first), and one more video, 12 hours
 * old, whose baseline reads the others at an age between that 0 and their next reading.
 */
function withFrozenStarts(records: readonly VideoRecord[]): VideoRecord[] {
  type Snapshot = VideoRecord['snapshots'][number];
  const zeroAt = (takenAt: Date, like: Snapshot): Snapshot => ({
    ...like,
    takenAt,
    views: 0,
    engagedViews: like.engagedViews === null ? null : 0,
  });
  const frozen = records.map((record) => {
    const first = record.snapshots[0];
    if (first === undefined) return record;
    const takenAt = new Date((record.publishedAt as Date).getTime() + HOUR_MS / 2);
    return { ...record, snapshots: [zeroAt(takenAt, first), ...record.snapshots] };
  });
  const latest = Math.max(...records.map((record) => (record.statsAt as Date).getTime()));
  const model = records.find((record) => record.snapshots.length > 0) as VideoRecord;
  const first = model.snapshots[0] as Snapshot;
  const views = Math.max(1, Math.round((model.stats.views ?? 0) / 10));
  const engagedViews = model.stats.engagedViews === null ? null : views;
  const young: VideoRecord = {
    ...model,
    youtubeId: 'young-video',
    publishedAt: new Date(latest - 12 * HOUR_MS),
    statsAt: new Date(latest),
    stats: { ...model.stats, views, engagedViews },
    snapshots: [
      zeroAt(new Date(latest - 11.5 * HOUR_MS), first),
      { ...first, takenAt: new Date(latest), views, engagedViews },
    ],
  };
  return [...frozen, young];
}

interface Analysed {
  videos: AnalyticsVideo[];
  now: Date;
  analysis: ChannelAnalysis;
}

function analysed(records: readonly VideoRecord[], now?: Date): Analysed {
  const channel = channelData(
    TIMEZONE,
    records.map((record) => analyticsVideoFromRecord(record)),
  );
  const at = now ?? figuresTime(channel);
  return { videos: channel.videos, now: at, analysis: analyzeChannel(channel, at) };
}

function dimensionsOf(analysis: ChannelAnalysis): [string, DimensionEffects][] {
  const { patterns } = analysis;
  return [
    ['topics', patterns.topics],
    ['length', patterns.length],
    ['postingTime', patterns.postingTime],
    ['hook', patterns.hook],
    ['topicHook', patterns.topicHook],
    ...Object.entries(patterns.title).map(([name, effects]): [string, DimensionEffects] => [`title.${name}`, effects]),
  ];
}

/** Whether a move of `slack` in effect or sd could change the confidence label (effectConfidence's boundaries). */
function labelCanMove(estimate: EffectEstimate, slack: number): boolean {
  const size = Math.abs(estimate.effect);
  const near = (boundary: number) => Math.abs(size - boundary) <= slack * (1 + Z95);
  return near(PRACTICAL_EFFECT) || near(Z80 * estimate.sd) || near(Z95 * estimate.sd);
}

/** |a − b| within `tolerance` of ln views. */
function expectClose(actual: number, expected: number, tolerance: number, what: string): void {
  if (!(Math.abs(actual - expected) <= tolerance)) {
    throw new Error(`${what}: ${actual} vs ${expected}, off by ${Math.abs(actual - expected)} > ${tolerance}`);
  }
}

function expectRelativelyClose(actual: number, expected: number, tolerance: number, what: string): void {
  expectClose(Math.log(actual), Math.log(expected), tolerance, `ln ${what}`);
}

function expectEstimatesScaleFree(base: ChannelAnalysis, scaled: ChannelAnalysis, slack: number): void {
  const scaledDimensions = new Map(dimensionsOf(scaled));
  for (const [name, dimension] of dimensionsOf(base)) {
    const other = scaledDimensions.get(name) as DimensionEffects;
    expect(other.effects.map((e) => e.group).sort()).toEqual(dimension.effects.map((e) => e.group).sort());
    expect(other.insufficient).toEqual(dimension.insufficient);
    expectClose(Math.sqrt(other.withinVariance), Math.sqrt(dimension.withinVariance), slack, `${name} σ`);
    const rank = new Map(other.effects.map((estimate, position) => [estimate.group, position]));
    dimension.effects.forEach((estimate, position) => {
      const twin = other.effects[rank.get(estimate.group) as number] as EffectEstimate;
      const what = `${name} ${estimate.group}`;
      for (const key of ['effect', 'sd', 'low', 'high', 'rawEffect'] as const) {
        expectClose(twin[key], estimate[key], slack, `${what} ${key}`);
      }
      expect(twin.n).toBe(estimate.n);
      if (!labelCanMove(estimate, slack)) expect(twin.confidence, what).toBe(estimate.confidence);
      // Ranked largest first: a pair further apart than the slack allows keeps its order.
      for (const later of dimension.effects.slice(position + 1)) {
        if (estimate.effect - later.effect > 2 * slack) {
          expect(rank.get(estimate.group) as number, what).toBeLessThan(rank.get(later.group) as number);
        }
      }
    });
  }
  // The model's every arm, untried ones included (the plan's draws read them), and its covariates: the intercepts
  // (the first ones, one per format) move by ln factor, which the caller has removed from `scaled`'s.
  base.patterns.model.arms.forEach((arms, d) => {
    arms.forEach((arm, a) => {
      const twin = scaled.patterns.model.arms[d]?.[a];
      expectClose(twin?.effect ?? Number.NaN, arm.effect, slack, `model arm ${d}/${arm.arm} effect`);
      expectClose(twin?.sd ?? Number.NaN, arm.sd, slack, `model arm ${d}/${arm.arm} sd`);
    });
  });
}

describe('scale: every view count ×10^k', () => {
  it('leaves scores, effects, intervals, rankings and labels as they were, and scales predictions', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 12, max: 36 }),
        // A channel's level first (so that some runs have views far above the log1p offset), then the factor.
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: -1, max: 6 }),
        fc.boolean(),
        (seed, count, level, k, frozen) => {
          const demo = scaledRecords(demoRecords(seed, count), 10 ** level);
          const records = frozen ? withFrozenStarts(demo) : demo;
          const factor = 10 ** k;
          const scaledSet = scaledRecords(records, factor);
          // Twice the reading's offset: an effect is a contrast of two weighted means of responses, an outlier
          // score a ratio of two views read from interpolated histories.
          const slack = 2 * logOffset(records, factor) + ROUNDING;
          const base = analysed(records);
          const scaled = analysed(scaledSet);
          expect(scaled.now).toEqual(base.now);

          // Scores: views ×factor exactly; the median and the outlier score within the offset.
          expect(scaled.analysis.scores.map((s) => s.id)).toEqual(base.analysis.scores.map((s) => s.id));
          base.analysis.scores.forEach((score, row) => {
            const twin = scaled.analysis.scores[row];
            expectRelativelyClose(twin?.views ?? Number.NaN, score.views * factor, ROUNDING, `${score.id} views`);
            expect(twin?.baselineN).toBe(score.baselineN);
            if (score.baselineMedian !== null && score.baselineMedian > 0) {
              const median = twin?.baselineMedian ?? Number.NaN;
              expectRelativelyClose(median, score.baselineMedian * factor, slack, `${score.id} baseline`);
            }
            if (score.outlierScore !== null && score.outlierScore > 0) {
              const outlier = twin?.outlierScore ?? Number.NaN;
              expectRelativelyClose(outlier, score.outlierScore, slack, `${score.id} outlier score`);
            }
          });
          // Success scores are percentiles among the format's videos: equal unless two outlier scores lie within
          // the slack of each other, where the offset may swap their ranks.
          const outliers = base.analysis.scores
            .flatMap((score) => (score.outlierScore !== null && score.outlierScore > 0 ? [score.outlierScore] : []))
            .sort((a, b) => a - b);
          const closest = Math.min(...outliers.slice(1).map((value, i) => Math.log(value / (outliers[i] as number))));
          if (closest > 2 * slack) {
            expect(scaled.analysis.scores.map((s) => s.successScore)).toEqual(
              base.analysis.scores.map((s) => s.successScore),
            );
          }

          // One video's page: the same strengths and weaknesses (unless its outlier score is within the slack of
          // the 1.5× line), its velocity ×factor.
          for (const score of base.analysis.scores.slice(0, 3)) {
            const page = analyzeVideo(channelData(TIMEZONE, base.videos), score.id, base.now);
            const twin = analyzeVideo(channelData(TIMEZONE, scaled.videos), score.id, scaled.now);
            const line = Math.log(FACT_THRESHOLDS.outlierScore);
            const outlier = page.outlierScore === null ? 1 : Math.abs(Math.log(page.outlierScore));
            if (Math.abs(outlier - line) > slack) {
              const metrics = (facts: readonly Fact[]) => facts.map((fact) => fact.metric);
              expect(metrics(twin.strengths), score.id).toEqual(metrics(page.strengths));
              expect(metrics(twin.weaknesses), score.id).toEqual(metrics(page.weaknesses));
            }
            if (closest > 2 * slack) expect(twin.success.score, score.id).toBe(page.success.score);
            if (page.velocity.viewsPerHour !== null && page.velocity.viewsPerHour > 0) {
              const perHour = page.velocity.viewsPerHour * factor;
              expectRelativelyClose(twin.velocity.viewsPerHour ?? Number.NaN, perHour, ROUNDING, 'velocity');
            }
          }

          // The breakout alert of the newest video (the 12-hour-old one where readings start frozen): the same
          // level unless its views lie within the slack of a band, every band and hourly read ×factor.
          const newest = [...base.analysis.scores].sort((a, b) => a.ageDays - b.ageDays)[0];
          if (newest !== undefined) {
            const alert = breakoutOf(channelData(TIMEZONE, base.videos), newest.id);
            const twin = breakoutOf(channelData(TIMEZONE, scaled.videos), newest.id);
            expect(twin === null).toBe(alert === null);
            const bandValues = (bands: Bands | null) =>
              bands === null ? [] : [...bands.percentiles, bands.min, bands.max];
            if (alert !== null && twin !== null) {
              expect(twin.peers).toEqual(alert.peers);
              const bands = bandValues(alert.bands);
              const onEdge = bands.some((band) => Math.abs(Math.log((alert.views + 1e-300) / band)) <= 2 * slack);
              if (!onEdge) expect(twin.level).toBe(alert.level);
              bandValues(twin.bands).forEach((band, b) => {
                if ((bands[b] as number) > 0) expectRelativelyClose(band, (bands[b] as number) * factor, slack, 'band');
              });
              alert.byHour.forEach((point, h) => {
                const views = twin.byHour[h]?.views;
                if (point.views !== null && point.views > 0) {
                  expectRelativelyClose(views ?? Number.NaN, point.views * factor, slack, `hour ${point.hour}`);
                }
              });
            }
          }

          // Effects: on the ln scale, so unmoved; intercepts move by ln factor.
          const shift = Math.log(factor);
          const covariates = base.analysis.patterns.model.covariates;
          const intercepts = covariates.length - 2;
          scaled.analysis.patterns.model.covariates.forEach((covariate, c) => {
            const expected = (covariates[c]?.mean ?? Number.NaN) + (c < intercepts ? shift : 0);
            expectClose(covariate.mean, expected, slack, `covariate ${c}`);
          });
          expectEstimatesScaleFree(base.analysis, scaled.analysis, slack);

          // Absolute figures ×factor: views gained in the last 30 days, a planned video's forecast and interval.
          const trend = periodTrend(base.videos, base.now, 30);
          const scaledTrend = periodTrend(scaled.videos, scaled.now, 30);
          for (const period of ['current', 'previous'] as const) {
            const gained = trend[period].gained;
            const twin = scaledTrend[period].gained;
            expect(twin === null).toBe(gained === null);
            if (gained !== null && gained > 0) expectRelativelyClose(twin as number, gained * factor, slack, period);
          }
          const plan = { lengthS: 40, hour: 19 };
          const forecast = forecastPlannedVideo(base.videos, base.analysis.patterns, plan, base.now, 30);
          const scaledForecast = forecastPlannedVideo(scaled.videos, scaled.analysis.patterns, plan, scaled.now, 30);
          expect('insufficient' in scaledForecast.prediction).toBe('insufficient' in forecast.prediction);
          if (!('insufficient' in forecast.prediction) && !('insufficient' in scaledForecast.prediction)) {
            for (const key of ['predicted', 'low', 'high'] as const) {
              const value = forecast.prediction[key];
              expectRelativelyClose(scaledForecast.prediction[key], value * factor, slack, `forecast ${key}`);
            }
          }
          // The youngest video's views at day 30, from its early views.
          const youngest = [...base.analysis.scores].sort((a, b) => a.ageDays - b.ageDays)[0];
          if (youngest !== undefined && youngest.ageDays < 30) {
            const channel = channelData(TIMEZONE, base.videos);
            const prediction = predictVideo(channel, youngest.id, base.now, 30);
            const scaledPrediction = predictVideo(channelData(TIMEZONE, scaled.videos), youngest.id, scaled.now, 30);
            expect('insufficient' in scaledPrediction).toBe('insufficient' in prediction);
            if ('predicted' in prediction && 'predicted' in scaledPrediction) {
              for (const key of ['predicted', 'low', 'high'] as const) {
                expectRelativelyClose(scaledPrediction[key], prediction[key] * factor, slack, `prediction ${key}`);
              }
            }
          }
        },
      ),
      // A channel of 10³× the demo's views then ×10⁶: the offset is ~1e-6 there, so a fault worth 1e-4 shows. And
      // readings frozen at 0 views, with a 12-hour-old video, ×10³.
      {
        numRuns: 8,
        seed: 20261207,
        examples: [
          [42, 30, 3, 6, false],
          [42, 30, 0, 3, true],
        ],
      },
    );
  });
});

/** Every analysis figure but the model's `draw` (a function; its draws are compared where it matters). */
function figures(analysis: ChannelAnalysis) {
  const { draw: _draw, ...model } = analysis.patterns.model;
  return { scores: analysis.scores, patterns: { ...analysis.patterns, model } };
}

/** `actual` deep-equal to `expected` but numbers, which may differ by `relative` of max(|a|, |b|, 1). */
function expectEqualToRounding(actual: unknown, expected: unknown, relative: number, path = ''): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    const bound = relative * Math.max(Math.abs(actual), Math.abs(expected), 1);
    if (!(actual === expected || Math.abs(actual - expected) <= bound)) {
      throw new Error(`${path}: ${actual} vs ${expected}, off by more than ${bound}`);
    }
  } else if (expected !== null && typeof expected === 'object' && !(expected instanceof Date)) {
    expect(Object.keys(actual as object).sort(), path).toEqual(Object.keys(expected).sort());
    for (const [key, item] of Object.entries(expected)) {
      expectEqualToRounding((actual as Record<string, unknown>)[key], item, relative, `${path}.${key}`);
    }
  } else {
    expect(actual, path).toEqual(expected);
  }
}

describe('order: the videos in another order', () => {
  it('give the same analysis, trend, retention medians and forecast', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc
          .integer({ min: 3, max: 30 })
          .chain((count) =>
            fc.tuple(fc.constant(count), fc.shuffledSubarray([...Array(count).keys()], { minLength: count })),
          ),
        fc.boolean(),
        (seed, [count, order], tied) => {
          // Tied: videos published in pairs at the same instant (date-only exports put a day's videos at midnight).
          const records = demoRecords(seed, count).map((record, position, all) =>
            tied ? { ...record, publishedAt: (all[position & ~1] as VideoRecord).publishedAt } : record,
          );
          const base = analysed(records);
          const shuffled = analysed(order.map((position) => records[position] as VideoRecord));
          const byId = (scores: ChannelAnalysis['scores']) => [...scores].sort((a, b) => (a.id < b.id ? -1 : 1));
          const { scores, patterns } = figures(base.analysis);
          const other = figures(shuffled.analysis);
          expect(byId(other.scores)).toEqual(byId(scores));
          expect(other.patterns).toEqual(patterns);
          const rngDraw = (analysis: ChannelAnalysis) => analysis.patterns.model.draw(new SeededRandom(seed));
          expect(rngDraw(shuffled.analysis)).toEqual(rngDraw(base.analysis));
          // Views gained are summed in the videos' order: equal to the rounding of a sum of `count` terms.
          const trend = periodTrend(base.videos, base.now, 30);
          expectEqualToRounding(periodTrend(shuffled.videos, shuffled.now, 30), trend, 4 * count * Number.EPSILON);
          expect(channelRetentionMedians(shuffled.videos)).toEqual(channelRetentionMedians(base.videos));
          const plan = { lengthS: 40, hour: 19 };
          expect(forecastPlannedVideo(shuffled.videos, shuffled.analysis.patterns, plan, shuffled.now, 30)).toEqual(
            forecastPlannedVideo(base.videos, base.analysis.patterns, plan, base.now, 30),
          );
        },
      ),
      { numRuns: 8, seed: 20261207 },
    );
  });
});

/** Paths of numbers in `value` that are not finite (null is "unknown" and allowed; NaN and ±∞ are not). */
function nonFinite(value: unknown, path = ''): string[] {
  if (typeof value === 'number') return Number.isFinite(value) ? [] : [`${path} = ${value}`];
  if (value === null || typeof value !== 'object') return [];
  if (value instanceof Date) return Number.isFinite(value.getTime()) ? [] : [`${path} = invalid date`];
  if (ArrayBuffer.isView(value)) return nonFinite(Array.from(value as Float64Array), path);
  return Object.entries(value).flatMap(([key, item]) => nonFinite(item, `${path}.${key}`));
}

/** Each estimate inside its own interval: effects, model arms and predictions. */
function outsideIntervals(analysis: ChannelAnalysis): string[] {
  const out: string[] = [];
  for (const [name, dimension] of dimensionsOf(analysis)) {
    for (const e of dimension.effects) {
      if (!(e.low <= e.effect && e.effect <= e.high && e.sd >= 0)) out.push(`${name} ${e.group}`);
    }
  }
  analysis.patterns.model.arms.forEach((arms, d) => {
    for (const arm of arms) if (!(arm.low <= arm.effect && arm.effect <= arm.high)) out.push(`arm ${d}/${arm.arm}`);
  });
  return out;
}

type Extreme = 'giant' | 'mostly zero' | 'all zero' | 'duplicate timestamps' | 'late now' | 'plain';

/** A demo channel made extreme: its readings edited, or read long after they end. */
function extremeRecords(records: readonly VideoRecord[], extreme: Extreme, pick: number): VideoRecord[] {
  if (extreme === 'giant') {
    // The channel's videos at ~100 views, one of them at 10⁹.
    const latest = records.map((record) => record.stats.views ?? 0).sort((a, b) => a - b);
    const typical = latest[latest.length >> 1] || 1;
    const scaled = scaledRecords(records, 100 / typical);
    const giant = pick % scaled.length;
    const factor = 1e9 / Math.max(1, scaled[giant]?.stats.views ?? 1);
    return scaled.map((record, position) =>
      position === giant ? (scaledRecords([record], factor)[0] as VideoRecord) : record,
    );
  }
  if (extreme === 'all zero') return scaledRecords(records, 0);
  if (extreme === 'mostly zero') {
    // Four videos in five never had a view: every reading and count 0.
    return records.map((record, position) =>
      (position + pick) % 5 === 0 ? record : (scaledRecords([record], 0)[0] as VideoRecord),
    );
  }
  if (extreme === 'duplicate timestamps') {
    // Each reading read twice at the same moment, once a few views lower (a cache behind the API); the first
    // reading three times, the same.
    return records.map((record) => ({
      ...record,
      snapshots: record.snapshots.flatMap((snapshot, index) => [
        ...(index === 0 ? [snapshot, snapshot] : []),
        { ...snapshot, views: Math.max(0, snapshot.views - (pick % 7)) },
        snapshot,
      ]),
    }));
  }
  return [...records];
}

describe('extremes', () => {
  it('give finite figures and every estimate inside its interval', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.oneof(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 4, max: 30 })),
        fc.constantFrom<Extreme>('giant', 'mostly zero', 'all zero', 'duplicate timestamps', 'late now', 'plain'),
        fc.nat(1000),
        (seed, count, extreme, pick) => {
          const records = extremeRecords(demoRecords(seed, count), extreme, pick);
          const channel = channelData(
            TIMEZONE,
            records.map((record) => analyticsVideoFromRecord(record)),
          );
          // Five years after the last reading: every video old, no reading near now.
          const now = new Date(figuresTime(channel).getTime() + (extreme === 'late now' ? 5 * 365.25 * 86_400_000 : 0));
          const analysis = analyzeChannel(channel, now);
          expect(nonFinite(figures(analysis))).toEqual([]);
          expect(outsideIntervals(analysis)).toEqual([]);
          expect(analysis.patterns.model.draw(new SeededRandom(seed)).flat().every(Number.isFinite)).toBe(true);
          expect(nonFinite(periodTrend(channel.videos, now, 30))).toEqual([]);
          expect(nonFinite(channelRetentionMedians(channel.videos))).toEqual([]);
          const forecast = forecastPlannedVideo(channel.videos, analysis.patterns, { lengthS: 40, hour: 19 }, now, 30);
          expect(nonFinite(forecast)).toEqual([]);
          if (!('insufficient' in forecast.prediction)) {
            const { low, predicted, high } = forecast.prediction;
            expect(low <= predicted && predicted <= high, `${low} ≤ ${predicted} ≤ ${high}`).toBe(true);
          }
          for (const video of channel.videos.slice(0, 3)) {
            expect(nonFinite(analyzeVideo(channel, video.id, now))).toEqual([]);
            const prediction = predictVideo(channel, video.id, now, 30);
            expect(nonFinite(prediction)).toEqual([]);
            if ('predicted' in prediction) {
              const { low, predicted, high } = prediction;
              expect(low <= predicted && predicted <= high, `${low} ≤ ${predicted} ≤ ${high}`).toBe(true);
            }
          }
        },
      ),
      { numRuns: 30, seed: 20261207 },
    );
  });
});
