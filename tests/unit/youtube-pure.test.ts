import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/core/config.js';
import { rowsByName } from '../../src/core/youtube/analytics-reports.js';
import { formatIsoDuration, parseIsoDuration } from '../../src/core/youtube/iso-duration.js';
import { pacificDate, pacificDay } from '../../src/core/youtube/pacific-day.js';
import { minimumFullRefreshUnits } from '../../src/core/youtube/quota-costs.js';
import { parseReachCsv } from '../../src/core/youtube/reach-reports.js';
import {
  isDue,
  planBatches,
  planDailyBudget,
  type RefreshCandidate,
  refreshIntervalHours,
} from '../../src/core/youtube/refresh-plan.js';
import { classifyShort } from '../../src/core/youtube/shorts.js';
import { decryptToken, encryptToken, parseEncryptionKey } from '../../src/core/youtube/token-crypto.js';

const now = new Date('2026-11-23T12:00:00Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);
const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3_600_000);

describe('ISO-8601 durations', () => {
  it('reads the forms YouTube uses', () => {
    expect(parseIsoDuration('PT15M51S')).toBe(951);
    expect(parseIsoDuration('PT1H2M3S')).toBe(3723);
    expect(parseIsoDuration('PT45S')).toBe(45);
    expect(parseIsoDuration('P1DT2H')).toBe(93_600);
    expect(parseIsoDuration('P0D')).toBe(0);
    expect(parseIsoDuration('PT1M0.5S')).toBe(61);
  });

  it('rejects what is not a duration', () => {
    for (const text of ['', '15:51', 'PT', 'P1Y', 'PT5X', null, undefined]) expect(parseIsoDuration(text)).toBeNull();
  });

  it('round-trips any whole number of seconds', () => {
    fc.assert(fc.property(fc.nat(400_000), (seconds) => parseIsoDuration(formatIsoDuration(seconds)) === seconds));
  });
});

describe('Shorts', () => {
  it('is at most 180 s and, where the frame is known, vertical or square', () => {
    expect(classifyShort(59, null)).toBe(true);
    expect(classifyShort(180, { width: 608, height: 1080 })).toBe(true);
    expect(classifyShort(180, { width: 1080, height: 1080 })).toBe(true);
    expect(classifyShort(120, { width: 1920, height: 1080 })).toBe(false);
    expect(classifyShort(181, { width: 608, height: 1080 })).toBe(false);
    expect(classifyShort(0, null)).toBe(false);
    expect(classifyShort(null, null)).toBeNull();
  });
});

describe('token encryption', () => {
  const key = parseEncryptionKey(Buffer.alloc(32, 7).toString('base64'));

  it('round-trips, with a fresh IV each time, and never stores the token in clear', () => {
    const a = encryptToken('1//secret-refresh', key);
    const b = encryptToken('1//secret-refresh', key);
    expect(a).not.toBe(b);
    expect(a).not.toContain('secret');
    expect(decryptToken(a, key)).toBe('1//secret-refresh');
  });

  it('accepts hex keys and rejects wrong lengths and missing keys without echoing them', () => {
    expect(parseEncryptionKey('ab'.repeat(32))).toHaveLength(32);
    expect(() => parseEncryptionKey(undefined)).toThrow(/TOKEN_ENCRYPTION_KEY is not set/);
    expect(() => parseEncryptionKey('dG9vIHNob3J0')).toThrow(/decodes to 9 bytes/);
  });

  it('a tampered ciphertext or another key is refused', () => {
    const stored = encryptToken('1//secret-refresh', key);
    const other = parseEncryptionKey(Buffer.alloc(32, 8).toString('base64'));
    expect(() => decryptToken(stored, other)).toThrow(/does not decrypt/);
    const parts = stored.split('.');
    const flipped = [...parts.slice(0, 3), `A${parts[3]?.slice(1)}`].join('.');
    expect(() => decryptToken(flipped, key)).toThrow(/does not decrypt/);
  });
});

describe('Pacific days', () => {
  it('the quota day turns at midnight Los Angeles time, in winter and in summer', () => {
    expect(pacificDate(new Date('2026-11-24T07:59:00Z'))).toBe('2026-11-23');
    expect(pacificDate(new Date('2026-11-24T08:00:00Z'))).toBe('2026-11-24');
    expect(pacificDate(new Date('2026-07-01T06:59:00Z'))).toBe('2026-06-30');
    expect(pacificDate(new Date('2026-07-01T07:00:00Z'))).toBe('2026-07-01');
    expect(pacificDay(new Date('2026-11-24T04:00:00Z'))).toEqual(new Date('2026-11-23T00:00:00Z'));
  });
});

describe('refresh plan', () => {
  const video = (id: string, ageDays: number, readHoursAgo: number | null, viewsPerDay: number | null = null) =>
    ({
      youtubeId: id,
      publishedAt: daysAgo(ageDays),
      statsUpdatedAt: readHoursAgo === null ? null : hoursAgo(readHoursAgo),
      viewsPerDay,
    }) satisfies RefreshCandidate;

  it('re-reads young videos often and old ones rarely', () => {
    expect(refreshIntervalHours(0.5)).toBe(6);
    expect(refreshIntervalHours(3)).toBe(12);
    expect(refreshIntervalHours(20)).toBe(24);
    expect(refreshIntervalHours(60)).toBe(72);
    expect(refreshIntervalHours(200)).toBe(168);
    expect(refreshIntervalHours(900)).toBe(720);
    expect(isDue(video('a', 1, 7), now, 6)).toBe(true);
    expect(isDue(video('a', 1, 5), now, 6)).toBe(false);
    expect(isDue(video('b', 400, 24 * 29), now, 6)).toBe(false);
    expect(isDue(video('b', 400, 24 * 31), now, 6)).toBe(true);
    expect(isDue(video('c', 1, 7), now, 12)).toBe(false); // the configured floor wins
    expect(isDue(video('d', 900, null), now, 6)).toBe(true);
  });

  it('spends the budget on the most valuable: never read, then young, then fast-moving', () => {
    const candidates = [
      video('old-slow', 300, 24 * 8, 10),
      video('old-fast', 300, 24 * 8, 5000),
      video('young', 1, 7, 100),
      video('new', 0.2, null),
      ...Array.from({ length: 60 }, (_, index) => video(`mid-${index}`, 50, 24 * 4, index)),
    ];
    const plan = planBatches(candidates, now, 6, 1);
    expect(plan.batches).toHaveLength(1);
    expect(plan.batches[0]?.slice(0, 3)).toEqual(['new', 'young', 'mid-59']);
    expect(plan.batches[0]).toHaveLength(50);
    expect(plan.deferred).toEqual([
      ...Array.from({ length: 12 }, (_, index) => `mid-${11 - index}`),
      'old-fast',
      'old-slow',
    ]);
    expect(planBatches(candidates, now, 6, 0)).toEqual({ batches: [], deferred: expect.any(Array) });
  });

  it('never plans more calls than the units allow, nor drops or repeats a due video', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: 0, max: 1000, noNaN: true }), fc.option(fc.nat(24 * 60))), {
          maxLength: 300,
        }),
        fc.nat(10),
        (specs, units) => {
          const candidates = specs.map(([age, read], index) => video(`v${index}`, age, read));
          const plan = planBatches(candidates, now, 6, units);
          const planned = plan.batches.flat();
          const due = candidates.filter((candidate) => isDue(candidate, now, 6)).map((c) => c.youtubeId);
          return (
            plan.batches.length <= units &&
            plan.batches.every((batch) => batch.length >= 1 && batch.length <= 50) &&
            new Set([...planned, ...plan.deferred]).size === due.length &&
            [...planned, ...plan.deferred].every((id) => due.includes(id))
          );
        },
      ),
    );
  });

  it('splits the day fairly and never past the budget', () => {
    expect([...planDailyBudget(10, [1, 2, 3]).values()]).toEqual([4, 3, 3]);
    expect([...planDailyBudget(0, [1, 2]).values()]).toEqual([0, 0]);
    fc.assert(
      fc.property(fc.nat(20_000), fc.integer({ min: 1, max: 300 }), (remaining, count) => {
        const shares = [
          ...planDailyBudget(
            remaining,
            Array.from({ length: count }, (_, i) => i),
          ).values(),
        ];
        return (
          shares.reduce((sum, share) => sum + share, 0) === remaining && Math.max(...shares) - Math.min(...shares) <= 1
        );
      }),
    );
  });

  it('the Data API minimum for N videos is 1 + 2·⌈N/50⌉', () => {
    expect(minimumFullRefreshUnits(50)).toBe(3);
    expect(minimumFullRefreshUnits(51)).toBe(5);
    expect(minimumFullRefreshUnits(1000)).toBe(41);
  });
});

describe('report parsing', () => {
  it('maps Analytics columns by header name, and a table without rows is no data', () => {
    const table = {
      columnHeaders: [{ name: 'video' }, { name: 'shares' }, { name: 'views' }],
      rows: [['abc', 3, 1200]],
    };
    expect(rowsByName(table)).toEqual([{ video: 'abc', shares: 3, views: 1200 }]);
    expect(rowsByName({ columnHeaders: table.columnHeaders })).toEqual([]);
  });

  it('sums a reach report per video, weighting CTR by impressions', () => {
    const day = parseReachCsv(
      [
        'date,channel_id,video_id,traffic_source,video_thumbnail_impressions,video_thumbnail_impressions_ctr',
        '20261121,UC1,abc,1,300,0.1',
        '20261121,UC1,abc,2,100,0.02',
        '20261121,UC1,def,1,50,0.04',
        '20261121,UC1,,1,50,0.04',
      ].join('\n'),
    );
    expect(day.videos.get('abc')?.impressions).toBe(400);
    expect(day.videos.get('abc')?.ctr).toBeCloseTo(0.08, 12);
    expect(day.videos.get('def')).toEqual({ impressions: 50, ctr: 0.04 });
    expect(day.videos.size).toBe(2);
  });
});

describe('YouTube configuration', () => {
  it('defaults to Google’s daily allocation and a 6-hour floor, and checks URLs and numbers', () => {
    expect(loadConfig({})).toMatchObject({ YOUTUBE_DAILY_QUOTA: 10_000, YOUTUBE_STATS_MAX_AGE_HOURS: 6 });
    expect(loadConfig({ YOUTUBE_API_ROOT_URL: 'http://127.0.0.1:9/' }).YOUTUBE_API_ROOT_URL).toBe(
      'http://127.0.0.1:9/',
    );
    expect(() => loadConfig({ YOUTUBE_API_ROOT_URL: 'youtube', YOUTUBE_DAILY_QUOTA: '0' })).toThrow(ConfigError);
  });
});
