import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AlertLevel,
  alertToPost,
  bandsOf,
  breakoutOf,
  levelOf,
  MIN_PEERS,
  PEER_COUNT,
} from '../../src/core/alerts/breakout-bands.js';
import { formatQuietHours, inQuietHours, parseQuietHours } from '../../src/core/alerts/quiet-hours.js';
import { channelData } from '../../src/core/analytics/analytics-video.js';
import { bandChart } from '../../src/core/charts/band-chart.js';
import { isDue } from '../../src/core/youtube/refresh-plan.js';
import { blankVideo } from '../support/analytics-videos.js';

const HOUR_MS = 3_600_000;
const views = fc.array(fc.double({ min: 0, max: 1e7, noNaN: true }), { minLength: 0, maxLength: 40 });
const level = fc.constantFrom<AlertLevel>(-2, -1, 0, 1, 2);

describe('age-matched bands', () => {
  it('are drawn only from at least MIN_PEERS views, ordered within the peers’ range (property)', () => {
    fc.assert(
      fc.property(views, (values) => {
        const bands = bandsOf(values);
        if (values.length < MIN_PEERS) {
          expect(bands).toBeNull();
          return;
        }
        if (!bands) throw new Error('expected bands');
        const all = [bands.min, ...bands.percentiles, bands.max];
        for (let index = 1; index < all.length; index++)
          expect(all[index]).toBeGreaterThanOrEqual(all[index - 1] as number);
        expect(bands.n).toBe(values.length);
      }),
    );
  });

  it('levels: more views never rank lower; the top and bottom bands start at p90 and p10 (property)', () => {
    fc.assert(
      fc.property(
        views.filter((values) => values.length >= MIN_PEERS),
        fc.double({ min: 0, max: 2e7, noNaN: true }),
        fc.double({ min: 0, max: 2e7, noNaN: true }),
        (values, a, b) => {
          const bands = bandsOf(values);
          if (!bands) throw new Error('expected bands');
          const [low, high] = a <= b ? [a, b] : [b, a];
          expect(levelOf(high, bands)).toBeGreaterThanOrEqual(levelOf(low, bands));
          const [p10, , p50, , p90] = bands.percentiles;
          const at = levelOf(a, bands);
          if (at === 2) expect(a).toBeGreaterThan(bands.max);
          if (at >= 1) expect(a).toBeGreaterThanOrEqual(p90);
          if (at <= -1) expect(a).toBeLessThanOrEqual(p10);
          if (at === -2) expect(a).toBeLessThan(bands.min);
          if (a > p90 && a > p50) expect(at).toBeGreaterThanOrEqual(1);
          if (a < p10 && a < p50) expect(at).toBeLessThanOrEqual(-1);
        },
      ),
    );
  });

  it('a video of many identical peers at their value is typical, not in both outer bands', () => {
    const bands = bandsOf(Array.from({ length: 12 }, () => 500));
    if (!bands) throw new Error('expected bands');
    expect(levelOf(500, bands)).toBe(0);
    expect(levelOf(501, bands)).toBe(2);
    expect(levelOf(499, bands)).toBe(-2);
  });
});

describe('which crossing is alerted', () => {
  it('each side alerts once per new extreme level, however the readings wander (property)', () => {
    fc.assert(
      fc.property(fc.array(level, { maxLength: 60 }), (levels) => {
        const alerted: number[] = [];
        for (const reached of levels) {
          const post = alertToPost(reached, alerted);
          // Posted exactly when this side has not yet been alerted this far out.
          const furthest = Math.max(
            0,
            ...alerted.filter((done) => Math.sign(done) === Math.sign(reached)).map(Math.abs),
          );
          expect(post !== null).toBe(reached !== 0 && Math.abs(reached) > furthest);
          if (post !== null) {
            expect(post).toBe(reached);
            alerted.push(post);
          }
        }
        // Never the same level twice, at most two per side, each side further out than the one before.
        expect(new Set(alerted).size).toBe(alerted.length);
        for (const side of [1, -1]) {
          const magnitudes = alerted.filter((done) => Math.sign(done) === side).map(Math.abs);
          expect(magnitudes).toEqual([...magnitudes].sort((x, y) => x - y));
        }
      }),
    );
  });

  it('jumping straight past every peer is one alert, and the top band is not alerted after it', () => {
    expect(alertToPost(2, [])).toBe(2);
    expect(alertToPost(1, [2])).toBeNull();
    expect(alertToPost(-1, [2])).toBe(-1);
    expect(alertToPost(0, [])).toBeNull();
  });
});

const published = new Date('2026-11-01T00:00:00Z');

/** A video read every hour of its first two days, its views growing as `perHour` × hours^0.8. */
function hourlyVideo(id: string, daysBefore: number, perHour: number, hours = 48) {
  const start = published.getTime() - daysBefore * 24 * HOUR_MS;
  const snapshots = Array.from({ length: hours }, (_, index) => ({
    at: new Date(start + (index + 1) * HOUR_MS),
    views: Math.round(perHour * (index + 1) ** 0.8),
    engagedViews: null,
  }));
  const last = snapshots.at(-1);
  return blankVideo({
    id,
    title: id,
    isShort: true,
    publishedAt: new Date(start),
    views: last?.views ?? null,
    statsAt: last?.at ?? null,
    snapshots,
  });
}

describe('breakoutOf', () => {
  it('judges the video at its latest reading against the most recent earlier videos read at that age', () => {
    const peers = Array.from({ length: 35 }, (_, index) => hourlyVideo(`peer-${index}`, index + 1, 100 + index * 10));
    const target = hourlyVideo('new', 0, 2_000, 6);
    const breakout = breakoutOf(channelData('UTC', [...peers, target]), 'new');
    expect(breakout?.ageDays).toBeCloseTo(6 / 24, 10);
    expect(breakout?.peers).toHaveLength(PEER_COUNT);
    // The most recent 30: the five oldest are left out.
    expect(breakout?.peers).not.toContain('peer-34');
    expect(breakout?.level).toBe(2);
    expect(breakout?.byHour.map((point) => point.hour)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(breakout?.byHour.every((point) => point.bands !== null && point.views !== null)).toBe(true);
  });

  it('draws the video against the bands hour by hour, with the figures in the alt text', () => {
    const peers = Array.from({ length: 12 }, (_, index) => hourlyVideo(`peer-${index}`, index + 1, 100 + index * 10));
    const breakout = breakoutOf(channelData('UTC', [...peers, hourlyVideo('new', 0, 2_000, 6)]), 'new');
    const spec = bandChart({ videoTitle: 'New', points: breakout?.byHour ?? [] });
    const datasets = spec?.config.data.datasets ?? [];
    expect(datasets.map((dataset) => dataset.label)).toEqual([
      'This video',
      'p10',
      'p30',
      'p50 (median)',
      'p70',
      'p90',
    ]);
    expect(datasets[0]?.data).toHaveLength(6);
    const last = breakout?.byHour.at(-1);
    expect(spec?.alt).toContain(`hour 6, where its peers had`);
    expect(datasets[5]?.data.at(-1)).toEqual({ x: 6, y: Math.round(last?.bands?.percentiles[4] ?? Number.NaN) });
    expect(bandChart({ videoTitle: 'Nothing', points: [] })).toBeNull();
  });

  it('has no bands, and so no level, when earlier videos were not read at that age', () => {
    // Earlier videos read once a day only: nothing covers hour 6.
    const daily = Array.from({ length: 20 }, (_, index) =>
      blankVideo({
        id: `daily-${index}`,
        isShort: true,
        publishedAt: new Date(published.getTime() - (index + 3) * 24 * HOUR_MS),
        snapshots: [1, 2].map((day) => ({
          at: new Date(published.getTime() - (index + 3 - day) * 24 * HOUR_MS),
          views: 1_000 * day,
          engagedViews: null,
        })),
      }),
    );
    const target = hourlyVideo('new', 0, 5_000, 6);
    const breakout = breakoutOf(channelData('UTC', [...daily, target]), 'new');
    expect(breakout?.bands).toBeNull();
    expect(breakout?.level).toBe(0);
    expect(breakout?.peers).toEqual([]);
  });

  it('reads a video past 48 hours at hour 48, and one first read after it not at all', () => {
    const peers = Array.from({ length: 12 }, (_, index) => hourlyVideo(`peer-${index}`, index + 3, 100, 72));
    const late = hourlyVideo('late', 0, 100, 72);
    expect(breakoutOf(channelData('UTC', [...peers, late]), 'late')?.ageDays).toBe(2);
    const unseen = blankVideo({
      id: 'unseen',
      isShort: true,
      publishedAt: published,
      views: 10,
      statsAt: new Date(published.getTime() + 50 * HOUR_MS),
    });
    expect(breakoutOf(channelData('UTC', [...peers, unseen]), 'unseen')).toBeNull();
  });
});

describe('quiet hours', () => {
  it('parse hours and times, and refuse what is not a range', () => {
    expect(parseQuietHours('22-07')).toEqual({ start: 22 * 60, end: 7 * 60 });
    expect(parseQuietHours('22:30-06:45')).toEqual({ start: 22 * 60 + 30, end: 6 * 60 + 45 });
    expect(parseQuietHours('off')).toBeNull();
    expect(() => parseQuietHours('22')).toThrow('is not a range of hours such as 22-07');
    expect(() => parseQuietHours('25-07')).toThrow('is not a range');
    expect(() => parseQuietHours('07-07')).toThrow('starts and ends at the same time');
    expect(formatQuietHours(parseQuietHours('22-7'))).toBe('22:00–07:00');
  });

  it('a range past midnight is the complement of the range the other way round (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1439 }),
        fc.integer({ min: 0, max: 1439 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.constantFrom('UTC', 'Europe/Berlin', 'Asia/Kolkata'),
        (start, end, minute, zone) => {
          fc.pre(start !== end);
          const at = new Date(Date.UTC(2026, 10, 1) + minute * 60_000);
          expect(inQuietHours({ start, end }, at, zone)).toBe(!inQuietHours({ start: end, end: start }, at, zone));
        },
      ),
    );
  });

  it('are read on the room’s clock', () => {
    const quiet = parseQuietHours('22-07');
    // 06:30 UTC is 07:30 in Berlin (winter): over there; 05:30 UTC is 06:30 in Berlin: still quiet.
    expect(inQuietHours(quiet, new Date('2026-11-24T06:30:00Z'), 'Europe/Berlin')).toBe(false);
    expect(inQuietHours(quiet, new Date('2026-11-24T05:30:00Z'), 'Europe/Berlin')).toBe(true);
    expect(inQuietHours(null, new Date('2026-11-24T05:30:00Z'), 'Europe/Berlin')).toBe(false);
  });
});

describe('cadence on a channel with alerts', () => {
  it('re-reads videos under two days hourly, below the configured floor, and leaves older ones on their cadence', () => {
    const now = new Date('2026-11-24T12:00:00Z');
    const video = (ageHours: number, readHoursAgo: number) => ({
      youtubeId: 'v',
      publishedAt: new Date(now.getTime() - ageHours * HOUR_MS),
      statsUpdatedAt: new Date(now.getTime() - readHoursAgo * HOUR_MS),
      viewsPerDay: null,
    });
    expect(isDue(video(10, 1), now, 6, { alerts: true })).toBe(true);
    expect(isDue(video(10, 0.5), now, 6, { alerts: true })).toBe(false);
    expect(isDue(video(10, 1), now, 6)).toBe(false);
    expect(isDue(video(72, 1), now, 6, { alerts: true })).toBe(false);
    expect(isDue(video(72, 12), now, 6, { alerts: true })).toBe(true);
  });
});
