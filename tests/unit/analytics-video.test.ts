import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ageMatchedBaseline, UnknownVideoError } from '../../src/core/analytics/age-matched-baseline.js';
import {
  type AnalyticsVideo,
  type ChannelData,
  channelData,
  DAY_MS,
  figuresTime,
  HOUR_MS,
  type ViewSnapshot,
} from '../../src/core/analytics/analytics-video.js';
import {
  fitGrowthCurve,
  GROWTH_CURVE_AGES_DAYS,
  projectionSource,
  projectViews,
} from '../../src/core/analytics/growth-curve.js';
import { OUTLIER_SCORE_FORMULA, outlierScore } from '../../src/core/analytics/outlier-score.js';
import { retentionKeyPoints } from '../../src/core/analytics/retention-key-points.js';
import { viewVelocity } from '../../src/core/analytics/velocity.js';
import { analyzeVideo, channelVideoScores } from '../../src/core/analytics/video-analysis.js';
import { generateDemoChannel } from '../../src/core/demo/demo-channel.js';
import { parseVideoCsv } from '../../src/core/import/parse-video-csv.js';
import { analyticsVideo, blankVideo, type VideoFields } from '../support/analytics-videos.js';

const NOW = new Date('2026-01-31T00:00:00Z');

function daysAgo(days: number): Date {
  return new Date(NOW.getTime() - days * DAY_MS);
}

/** A long-form video published 10 days before NOW with 1,000 views read at NOW; override what matters. */
function video(fields: VideoFields): AnalyticsVideo {
  return blankVideo({
    title: `Video ${fields.id}`,
    durationS: 600,
    publishedAt: daysAgo(10),
    isShort: false,
    views: 1000,
    statsAt: NOW,
    ...fields,
  });
}

/** Snapshots at the given ages (days) of a video published at `publishedAt`. */
function snapshots(publishedAt: Date, viewsByAge: [number, number][]): ViewSnapshot[] {
  return viewsByAge.map(([ageDays, views]) => ({
    at: new Date(publishedAt.getTime() + ageDays * DAY_MS),
    views,
    engagedViews: null,
  }));
}

/** A video `ageDays` old with a snapshot at 2 days holding `viewsAtTwoDays`. */
function withSnapshotAtTwoDays(id: string, ageDays: number, viewsAtTwoDays: number, isShort = false): AnalyticsVideo {
  const publishedAt = daysAgo(ageDays);
  return video({
    id,
    publishedAt,
    isShort,
    views: viewsAtTwoDays * 2,
    snapshots: snapshots(publishedAt, [[2, viewsAtTwoDays]]),
  });
}

function channelOf(videos: AnalyticsVideo[]): ChannelData {
  return channelData('UTC', videos);
}

/** Fails on any NaN or ±Infinity anywhere in a result. */
function expectAllFinite(value: unknown, path = 'result'): void {
  if (typeof value === 'number') {
    expect(Number.isFinite(value), `${path} = ${value}`).toBe(true);
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => {
      expectAllFinite(item, `${path}[${index}]`);
    });
  } else if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    for (const [key, item] of Object.entries(value)) expectAllFinite(item, `${path}.${key}`);
  }
}

// Target 2 days old; four older long-form peers with snapshots at 2 days; a Short and a younger video that
// must not count.
const target = video({ id: 'target', publishedAt: daysAgo(2), views: 600 });
const handChannel = channelOf([
  target,
  withSnapshotAtTwoDays('p1', 10, 100),
  withSnapshotAtTwoDays('p2', 20, 200),
  withSnapshotAtTwoDays('p3', 30, 300),
  withSnapshotAtTwoDays('p4', 40, 400),
  withSnapshotAtTwoDays('short', 5, 10_000, true),
  video({ id: 'younger', publishedAt: daysAgo(1), views: 50 }),
]);

describe('the as-of time of a channel', () => {
  it('is its latest reading, from stats or snapshots, and null without one', () => {
    const published = new Date('2026-05-01T00:00:00Z');
    const statsRead = blankVideo({
      id: 'a',
      publishedAt: published,
      views: 10,
      statsAt: new Date('2026-06-01T08:00:00Z'),
    });
    const snapshotRead = blankVideo({
      id: 'b',
      publishedAt: published,
      snapshots: [
        { at: new Date('2026-05-02T00:00:00Z'), views: 5, engagedViews: null },
        { at: new Date('2026-06-02T09:30:00Z'), views: 9, engagedViews: null },
      ],
    });
    expect(channelData('UTC', [statsRead, snapshotRead]).asOf).toEqual(new Date('2026-06-02T09:30:00Z'));
    expect(channelData('UTC', [statsRead]).asOf).toEqual(new Date('2026-06-01T08:00:00Z'));
    const unread = channelData('UTC', [blankVideo({ id: 'c', publishedAt: published })]);
    expect(unread.asOf).toBeNull();
    // Without a reading, figures stand at the newest publish time: still the data's, not the clock's.
    expect(figuresTime(unread)).toEqual(published);
    expect(figuresTime(channelData('UTC', []))).toEqual(new Date(0));
  });
});

describe('ageMatchedBaseline', () => {
  it('reads same-format peers at least as old as the target at its age, most recent first', () => {
    const baseline = ageMatchedBaseline(handChannel, 'target', NOW);
    expect(baseline.ageDays).toBe(2);
    expect(baseline.format).toBe('long-form');
    expect(baseline.peers.map((peer) => [peer.id, peer.viewsAtAge, peer.source])).toEqual([
      ['p1', 100, 'snapshots'],
      ['p2', 200, 'snapshots'],
      ['p3', 300, 'snapshots'],
      ['p4', 400, 'snapshots'],
    ]);
    expect(baseline.median).toBe(250);
    expect(baseline.n).toBe(4);
    expect(baseline.method).toBe('snapshots');
  });

  it('takes only the `size` most recently published peers', () => {
    const baseline = ageMatchedBaseline(handChannel, 'target', NOW, { size: 2 });
    expect(baseline.peers.map((peer) => peer.id)).toEqual(['p1', 'p2']);
    expect(baseline.median).toBe(150);
  });

  it('compares a video of unknown format with every format', () => {
    const unknown = channelOf([
      ...handChannel.videos.slice(1),
      video({ id: 'target', publishedAt: daysAgo(2), isShort: null }),
    ]);
    const baseline = ageMatchedBaseline(unknown, 'target', NOW);
    expect(baseline.format).toBe('all');
    expect(baseline.peers.map((peer) => peer.id)).toEqual(['short', 'p1', 'p2', 'p3', 'p4']);
    expect(baseline.median).toBe(300);
  });

  it('measures the age to statsAt when the views were read before now', () => {
    const readEarlier = video({ id: 'target', publishedAt: daysAgo(4), statsAt: daysAgo(2), views: 600 });
    const baseline = ageMatchedBaseline(channelOf([readEarlier, ...handChannel.videos.slice(1)]), 'target', NOW);
    expect(baseline.ageDays).toBe(2);
    // Peers must be 2 days old now, so the younger video (1 day) still does not count.
    expect(baseline.peers.map((peer) => peer.id)).toEqual(['p1', 'p2', 'p3', 'p4']);
  });

  it('scales peers without a history at that age along the generic curve, and says so', () => {
    // Long-form, no snapshots: target 7 days old, peers 30 days old (both grid ages of the curve).
    const peers = [1000, 2000, 3000].map((views, index) =>
      video({ id: `peer${index}`, publishedAt: daysAgo(30), views }),
    );
    const channel = channelOf([video({ id: 'target', publishedAt: daysAgo(7) }), ...peers]);
    const baseline = ageMatchedBaseline(channel, 'target', NOW);
    const generic = (ageDays: number) => 0.5 * (1 - Math.exp(-ageDays / 7)) + 0.5 * (1 - Math.exp(-ageDays / 365));
    expect(baseline.method).toBe('growth-curve');
    expect(baseline.peers.every((peer) => peer.source === 'growth-curve' && peer.curveSource === 'generic')).toBe(true);
    expect(baseline.median).toBeCloseTo((2000 * generic(7)) / generic(30), 6);
  });

  it('throws UnknownVideoError carrying the id', () => {
    expect(() => ageMatchedBaseline(handChannel, 'nope', NOW)).toThrowError(UnknownVideoError);
  });
});

describe('growth curve', () => {
  it('falls back to the generic curves without histories', () => {
    const shortCurve = fitGrowthCurve([], 'short');
    const longCurve = fitGrowthCurve([], 'long-form');
    expect(shortCurve.source).toBe('generic');
    expect(shortCurve.histories).toBe(0);
    expect(shortCurve.points.at(-1)?.level).toBe(1);
    // Shorts get most of their views in the first days, long-form keeps growing.
    const shareAtWeek = (curve: typeof shortCurve) => curve.points.find((point) => point.ageDays === 7)?.level ?? 0;
    expect(shareAtWeek(shortCurve)).toBeGreaterThan(0.5);
    expect(shareAtWeek(longCurve)).toBeLessThan(0.5);
    for (const curve of [shortCurve, longCurve, fitGrowthCurve([], 'all')]) {
      const levels = curve.points.map((point) => point.level);
      expect(levels).toEqual([...levels].sort((a, b) => a - b));
    }
  });

  it('reads the median growth from the channel where at least 5 histories span a step', () => {
    // Five Shorts whose views grow as 1000·√age, with snapshots every day from day 1 to 60.
    const videos = [1, 2, 3, 4, 5].map((scale) => {
      const publishedAt = daysAgo(100 + scale);
      const days = Array.from({ length: 60 }, (_, index) => index + 1);
      return video({
        id: `s${scale}`,
        isShort: true,
        publishedAt,
        views: null,
        snapshots: snapshots(
          publishedAt,
          days.map((day) => [day, scale * 1000 * Math.sqrt(day)]),
        ),
      });
    });
    const curve = fitGrowthCurve(videos, 'short');
    expect(curve.histories).toBe(5);
    expect(curve.source).toBe('mixed');
    const step = (fromDays: number) => curve.steps.find((candidate) => candidate.fromDays === fromDays);
    expect(step(1)).toMatchObject({ toDays: 2, n: 5, source: 'channel' });
    expect(step(1)?.ratio).toBeCloseTo(Math.SQRT2, 12);
    expect(step(30)?.ratio).toBeCloseTo(Math.sqrt(45 / 30), 12);
    // No history reaches back to half a day or forward past 60 days.
    expect(step(0.5)?.source).toBe('generic');
    expect(step(60)?.source).toBe('generic');
    expect(projectViews(curve, 2000, 1, 5)).toBeCloseTo(2000 * Math.sqrt(5), 6);
    expect(projectionSource(curve, 1, 5)).toBe('channel');
    expect(projectionSource(curve, 0.5, 4)).toBe('mixed');
  });

  it('projects 0 views to age 0, nothing from age 0, and no growth past the last grid age', () => {
    const curve = fitGrowthCurve([], 'long-form');
    expect(projectViews(curve, 500, 3, 3)).toBe(500);
    expect(projectViews(curve, 500, 3, 0)).toBe(0);
    expect(projectViews(curve, 500, 0, 3)).toBeNull();
    const lastAge = GROWTH_CURVE_AGES_DAYS.at(-1) as number;
    expect(projectViews(curve, 500, lastAge, lastAge * 2)).toBe(500);
    expect(projectViews(curve, Number.NaN, 1, 2)).toBeNull();
  });
});

describe('outlierScore', () => {
  it('is views ÷ baseline median, null when either is unknown or the median is 0', () => {
    expect(outlierScore(600, 250)).toBe(2.4);
    expect(outlierScore(null, 250)).toBeNull();
    expect(outlierScore(600, null)).toBeNull();
    expect(outlierScore(600, 0)).toBeNull();
    expect(OUTLIER_SCORE_FORMULA).toContain('median views');
  });

  it('scales linearly with the target’s views', () => {
    const others = fc.array(
      fc.record({
        ageDays: fc.double({ min: 0.01, max: 900, noNaN: true }),
        views: fc.integer({ min: 0, max: 1e7 }),
        isShort: fc.constantFrom(true, false, null),
      }),
      { minLength: 1, maxLength: 12 },
    );
    fc.assert(
      fc.property(
        others,
        fc.double({ min: 0, max: 300, noNaN: true }),
        fc.integer({ min: 1, max: 1e6 }),
        fc.double({ min: 0.01, max: 1000, noNaN: true }),
        (peers, targetAge, targetViews, factor) => {
          const channel = (views: number) =>
            channelOf([
              video({ id: 'target', publishedAt: daysAgo(targetAge), views }),
              ...peers.map((peer, index) =>
                video({
                  id: `v${index}`,
                  publishedAt: daysAgo(peer.ageDays),
                  views: peer.views,
                  isShort: peer.isShort,
                }),
              ),
            ]);
          const score = (views: number) => {
            const baseline = ageMatchedBaseline(channel(views), 'target', NOW);
            return outlierScore(views, baseline.median);
          };
          const base = score(targetViews);
          const scaled = score(targetViews * factor);
          if (base === null) expect(scaled).toBeNull();
          else expect(Math.abs((scaled as number) - base * factor)).toBeLessThanOrEqual(1e-9 * base * factor);
        },
      ),
    );
  });
});

describe('viewVelocity', () => {
  const publishedAt = daysAgo(3);
  const at = (hours: number) => new Date(publishedAt.getTime() + hours * HOUR_MS);

  it('is the views per hour between the two latest readings, not lifetime views ÷ age', () => {
    const subject = video({
      id: 'v',
      publishedAt,
      statsAt: at(4),
      views: 700,
      snapshots: [
        { at: at(0), views: 100, engagedViews: null },
        { at: at(2), views: 300, engagedViews: null },
        // Stored together with the latest stats: one moment, the higher figure.
        { at: at(4), views: 650, engagedViews: null },
      ],
    });
    expect(viewVelocity(subject)).toEqual({
      viewsPerHour: 200,
      viewsGained: 400,
      from: at(2),
      to: at(4),
      hours: 2,
      points: 4,
    });
  });

  it('is null with a reason without two readings at different times', () => {
    expect(viewVelocity(video({ id: 'v' }))).toEqual({
      viewsPerHour: null,
      reason: 'fewer-than-two-points',
      points: 1,
    });
    expect(viewVelocity(video({ id: 'v', views: null }))).toEqual({
      viewsPerHour: null,
      reason: 'fewer-than-two-points',
      points: 0,
    });
    const sameMoment = video({ id: 'v', snapshots: [{ at: NOW, views: 900, engagedViews: null }] });
    expect(viewVelocity(sameMoment)).toEqual({ viewsPerHour: null, reason: 'no-time-between-points', points: 2 });
  });
});

describe('channelVideoScores and analyzeVideo on small channels', () => {
  it('scores the hand-computed channel', () => {
    const scores = channelVideoScores(handChannel, NOW);
    expect(scores.map((score) => score.id)).toEqual(handChannel.videos.map((subject) => subject.id));
    const targetScore = scores.find((score) => score.id === 'target');
    expect(targetScore).toMatchObject({ ageDays: 2, views: 600, baselineMedian: 250, baselineN: 4, outlierScore: 2.4 });
    expectAllFinite(scores);
  });

  it('states material differences as strengths and weaknesses with their figures', () => {
    const peers = Array.from({ length: 6 }, (_, index) =>
      video({
        id: `peer${index}`,
        publishedAt: daysAgo(20),
        views: 1000,
        likes: 40,
        comments: 2,
        avgViewPct: 50,
        ctr: 5,
      }),
    );
    const hit = video({
      id: 'hit',
      publishedAt: daysAgo(20),
      views: 4000,
      likes: 200,
      comments: 40,
      avgViewPct: 51,
      ctr: 3,
    });
    const analysis = analyzeVideo(channelOf([hit, ...peers]), 'hit', NOW);
    expect(analysis.outlierScore).toBe(4);
    expect(analysis.strengths.map((fact) => fact.text)).toEqual([
      '4× the median views of the last 6 long-form videos at 20 days old',
      'engagement rate 6.0% vs channel median 4.2%',
    ]);
    expect(analysis.strengths[1]).toMatchObject({ metric: 'engagement-rate', value: 0.06, reference: 0.042, n: 6 });
    // Average view % differs by 1 point: stated nowhere, it is not material.
    expect(analysis.weaknesses.map((fact) => fact.text)).toEqual(['CTR 3.0% vs channel median 5.0%']);
  });

  it('handles an empty channel and an unknown id', () => {
    expect(channelVideoScores(channelOf([]), NOW)).toEqual([]);
    const error = (() => {
      try {
        analyzeVideo(channelOf([]), 'missing', NOW);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(UnknownVideoError);
    expect((error as UnknownVideoError).videoId).toBe('missing');
  });

  it('handles a channel of one video: no peers, no scores, no NaN', () => {
    const channel = channelOf([video({ id: 'only' })]);
    expect(channelVideoScores(channel, NOW)).toEqual([
      expect.objectContaining({
        id: 'only',
        baselineMedian: null,
        baselineN: 0,
        outlierScore: null,
        successScore: null,
      }),
    ]);
    const analysis = analyzeVideo(channel, 'only', NOW);
    expect(analysis.baseline.method).toBe('none');
    expect(analysis.strengths).toEqual([]);
    expect(analysis.weaknesses).toEqual([]);
    expectAllFinite(analysis);
  });

  it('gives no outlier score where every video has 0 views', () => {
    const channel = channelOf(
      Array.from({ length: 8 }, (_, index) => video({ id: `v${index}`, publishedAt: daysAgo(index + 1), views: 0 })),
    );
    const scores = channelVideoScores(channel, NOW);
    expect(scores.every((score) => score.outlierScore === null && score.successScore === null)).toBe(true);
    expect(scores.slice(0, -1).every((score) => score.baselineMedian === 0)).toBe(true);
    expectAllFinite(scores);
  });

  it('leaves out engagement where likes, comments and shares are all unknown', () => {
    const channel = channelOf(
      Array.from({ length: 4 }, (_, index) =>
        video({ id: `v${index}`, publishedAt: daysAgo(index + 1), views: 1000 * (index + 1), avgViewPct: 40 + index }),
      ),
    );
    const [newest] = channelVideoScores(channel, NOW);
    const { success } = analyzeVideo(channel, newest?.id as string, NOW);
    expect(success.score).toBe(newest?.successScore);
    const parts = Object.fromEntries(success.parts.map((part) => [part.name, part]));
    expect(parts['engagement rate']).toMatchObject({ value: null, percentile: null, weight: 0 });
    expect(parts['age-matched views']?.weight).toBeCloseTo(0.4 / 0.65, 12);
    expect(parts['average view %']?.weight).toBeCloseTo(0.25 / 0.65, 12);
  });

  it('picks out one giant outlier without moving everyone else’s baseline', () => {
    const videos = Array.from({ length: 40 }, (_, index) =>
      video({ id: `v${index}`, publishedAt: daysAgo(30 + index), views: index === 5 ? 1_000_000 : 1000 }),
    );
    const scores = channelVideoScores(channelOf(videos), NOW);
    expect(scores.find((score) => score.id === 'v5')?.outlierScore).toBeGreaterThan(100);
    const others = scores.filter((score) => score.id !== 'v5' && score.outlierScore !== null);
    // Older peers with the same views had fewer at the same age; the giant does not drag the median up.
    expect(others.every((score) => (score.outlierScore as number) > 1 && (score.outlierScore as number) < 1.1)).toBe(
      true,
    );
    expect(analyzeVideo(channelOf(videos), 'v5', NOW).success.parts[0]?.percentile).toBeGreaterThan(95);
  });

  it('handles a video published today', () => {
    const justPublished = video({ id: 'new', publishedAt: NOW, views: 0 });
    const anHourOld = video({ id: 'hour', publishedAt: new Date(NOW.getTime() - HOUR_MS), views: 50 });
    const channel = channelOf([justPublished, anHourOld, ...handChannel.videos]);
    const scores = channelVideoScores(channel, NOW);
    expect(scores.find((score) => score.id === 'new')).toMatchObject({ ageDays: 0, outlierScore: null });
    const hour = scores.find((score) => score.id === 'hour');
    expect(hour?.ageDays).toBeCloseTo(1 / 24, 12);
    expect(hour?.outlierScore).toBeGreaterThan(0);
    expectAllFinite(scores);
    expectAllFinite(analyzeVideo(channel, 'new', NOW));
  });

  it('handles unknown durations, formats, publish times and retention', () => {
    const channel = channelOf([
      video({ id: 'a', durationS: null, isShort: null, retention: [{ ratio: 0.5, watchRatio: 0.6 }] }),
      video({ id: 'b', publishedAt: null }),
      video({ id: 'c', durationS: null, views: null, statsAt: null }),
    ]);
    const scores = channelVideoScores(channel, NOW);
    expect(scores.map((score) => score.id)).toEqual(['a']);
    for (const id of ['a', 'b', 'c']) {
      const analysis = analyzeVideo(channel, id, NOW);
      expect(analysis.retention.summary).toBeNull();
      expectAllFinite(analysis);
    }
    expect(analyzeVideo(channel, 'b', NOW).baseline).toMatchObject({ ageDays: null, n: 0, median: null });
  });

  it('gives the same answer for the same input', () => {
    expect(channelVideoScores(handChannel, NOW)).toEqual(channelVideoScores(handChannel, NOW));
    expect(analyzeVideo(handChannel, 'target', NOW)).toEqual(analyzeVideo(handChannel, 'target', NOW));
  });

  it('never gives NaN for random channels', () => {
    const channels = fc.array(
      fc.record({
        ageDays: fc.double({ min: -1, max: 900, noNaN: true }),
        views: fc.option(fc.integer({ min: 0, max: 1e8 })),
        likes: fc.option(fc.integer({ min: 0, max: 1e6 })),
        avgViewPct: fc.option(fc.double({ min: 0, max: 150, noNaN: true })),
        isShort: fc.constantFrom(true, false, null),
        snapshotViews: fc.array(fc.integer({ min: 0, max: 1e8 }), { maxLength: 3 }),
      }),
      { maxLength: 10 },
    );
    fc.assert(
      fc.property(channels, (specs) => {
        const videos = specs.map((spec, index) => {
          const publishedAt = daysAgo(spec.ageDays);
          return video({
            id: `v${index}`,
            publishedAt,
            views: spec.views,
            likes: spec.likes,
            avgViewPct: spec.avgViewPct,
            isShort: spec.isShort,
            snapshots: snapshots(
              publishedAt,
              spec.snapshotViews.map((views, day) => [day + 0.5, views]),
            ).filter((snapshot) => snapshot.at.getTime() <= NOW.getTime()),
          });
        });
        const channel = channelOf(videos);
        expectAllFinite(channelVideoScores(channel, NOW));
        for (const subject of videos) expectAllFinite(analyzeVideo(channel, subject.id, NOW));
      }),
      { numRuns: 60 },
    );
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The demo channel, whose planted truth the scores must find

const DEMO_END = new Date('2026-11-23T00:00:00Z');

describe('on the demo channel', () => {
  const demo = generateDemoChannel({ seed: 42, endDate: DEMO_END });
  const channel = channelOf(demo.videos.map((record) => analyticsVideo(record, DEMO_END)));
  const scores = channelVideoScores(channel, DEMO_END);
  const scoreById = new Map(scores.map((score) => [score.id, score]));

  it('gives breakout videos outlier scores of at least 3', () => {
    expect(demo.truth.breakoutVideoIds.length).toBeGreaterThan(0);
    for (const id of demo.truth.breakoutVideoIds) {
      expect(scoreById.get(id)?.outlierScore, id).toBeGreaterThanOrEqual(3);
    }
    const typical = scores.flatMap((score) => score.outlierScore ?? []).sort((a, b) => a - b);
    expect(typical[Math.floor(typical.length / 2)]).toBeGreaterThan(0.7);
    expect(typical[Math.floor(typical.length / 2)]).toBeLessThan(1.4);
  });

  it('finds a higher hook hold for bold-claim hooks than for story hooks', () => {
    const meanHookHold = (style: string) => {
      const holds = channel.videos
        .filter((subject) => demo.truth.hookStyleByVideo[subject.id] === style)
        .flatMap((subject) => retentionKeyPoints(subject.retention, subject.durationS)?.hookHold ?? []);
      return holds.reduce((sum, hold) => sum + hold, 0) / holds.length;
    };
    expect(meanHookHold('bold-claim')).toBeGreaterThan(meanHookHold('story') + 0.1);
  });

  it('reads baselines from snapshots and analyses a breakout with figures', () => {
    const breakout = demo.truth.breakoutVideoIds[0] as string;
    const analysis = analyzeVideo(channel, breakout, DEMO_END);
    expect(analysis.baseline.method).toBe('snapshots');
    expect(analysis.baseline.n).toBe(30);
    expect(analysis.strengths[0]?.metric).toBe('outlier-score');
    expect(analysis.strengths[0]?.text).toMatch(
      /^\d+(\.\d)?× the median views of the last 30 Shorts at \d+ (days|months) old$/,
    );
    expect(analysis.velocity.viewsPerHour).not.toBeNull();
    expect(analysis.retention.summary?.hookHold).not.toBeNull();
    expectAllFinite(analysis);
  });

  it('gives the same baselines channel-wide as one video at a time', () => {
    for (const score of scores.filter((_, index) => index % 10 === 0)) {
      const baseline = ageMatchedBaseline(channel, score.id, DEMO_END);
      expect([baseline.median, baseline.n], score.id).toEqual([score.baselineMedian, score.baselineN]);
    }
  });

  it('is deterministic and finite', () => {
    const again = channelVideoScores(
      channelOf(demo.videos.map((record) => analyticsVideo(record, DEMO_END))),
      DEMO_END,
    );
    expect(again).toEqual(scores);
    expect(scores).toHaveLength(demo.videos.length);
    expectAllFinite(scores);
  });
});

describe('on the real Alex The Analyst CSV (no snapshots)', () => {
  const parsed = parseVideoCsv(readFileSync('tests/fixtures/alex-the-analyst-videos.csv', 'utf8'));
  // The export holds no read time: its views count as read at `now`, the day after the last upload.
  const now = new Date('2025-04-16T00:00:00Z');
  const channel = channelOf(parsed.videos.map((record) => analyticsVideo(record, null)));
  const scores = channelVideoScores(channel, now);

  it('scores all 357 videos along the growth curve, without NaN', () => {
    expect(scores).toHaveLength(357);
    expectAllFinite(scores);
    // Only the oldest Short and the oldest long-form video have no older peers.
    expect(scores.filter((score) => score.outlierScore === null)).toHaveLength(2);
    expect(scores.filter((score) => score.successScore !== null)).toHaveLength(355);
    const analysis = analyzeVideo(channel, scores[0]?.id as string, now);
    expect(analysis.baseline.method).toBe('growth-curve');
    expect(analysis.baseline.n).toBe(30);
    expect(analysis.baseline.peers.every((peer) => peer.curveSource === 'generic')).toBe(true);
    expect(analysis.velocity).toMatchObject({ viewsPerHour: null, reason: 'fewer-than-two-points' });
  });
});
