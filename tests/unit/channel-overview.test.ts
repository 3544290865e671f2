import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { channelOverview, type OverviewVideo } from '../../src/core/stats/channel-overview.js';
import { rankByOutlierScore } from '../../src/core/stats/outlier-ranking.js';
import { median } from '../../src/core/stats/summary-statistics.js';

const video = (id: string, views: number | null, extra: Partial<OverviewVideo> = {}): OverviewVideo => ({
  id,
  title: `Video ${id}`,
  publishedAt: null,
  isShort: true,
  views,
  likes: null,
  comments: null,
  shares: null,
  avgViewPct: null,
  ...extra,
});

const arbitraryVideo = fc.record({
  id: fc.string({ minLength: 1, maxLength: 11 }),
  title: fc.string(),
  publishedAt: fc.constant(null),
  isShort: fc.option(fc.boolean(), { nil: null }),
  views: fc.option(fc.nat({ max: 1e9 }), { nil: null }),
  likes: fc.option(fc.nat({ max: 1e7 }), { nil: null }),
  comments: fc.option(fc.nat({ max: 1e6 }), { nil: null }),
  shares: fc.option(fc.nat({ max: 1e6 }), { nil: null }),
  avgViewPct: fc.option(fc.double({ min: 0, max: 150, noNaN: true }), { nil: null }),
});

describe('channel overview', () => {
  it('gives nulls, not NaN or zero, for a channel without videos', () => {
    const overview = channelOverview([]);
    expect(overview).toMatchObject({ videoCount: 0, medianViews: null, meanViews: null, totalLikes: null });
    expect(overview.engagement).toEqual({ rate: null, videos: 0, parts: [] });
  });

  it('computes the median and the engagement rate of a known channel', () => {
    const overview = channelOverview([
      video('a', 100, { likes: 10, comments: 2, shares: null }),
      video('b', 300, { likes: 30, comments: 0 }),
      video('c', 1000, { likes: null, comments: 5 }),
      video('d', null),
    ]);
    expect(overview.medianViews).toBe(300);
    expect(overview.videosWithViews).toBe(3);
    // Shares are unknown for every video, so they are left out; c has no like count, so it is not counted.
    expect(overview.engagement).toEqual({ rate: (10 + 2 + 30 + 0) / 400, videos: 2, parts: ['likes', 'comments'] });
    expect(overview.totalLikes).toBe(40);
  });

  it('median lies between min and max and does not depend on order', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e9, max: 1e9, noNaN: true }), { minLength: 1 }), (values) => {
        const m = median(values) as number;
        expect(m).toBeGreaterThanOrEqual(Math.min(...values));
        expect(m).toBeLessThanOrEqual(Math.max(...values));
        // + 0 turns −0 into 0: which of two equal zeros lands in the middle depends on the order, and toBe tells
        // them apart (seed 2068373226 drew [0, −0, −5e-324]; its median read 0 one way, −0 the other).
        expect((median([...values].reverse()) as number) + 0).toBe(m + 0);
      }),
      { examples: [[[0, -0, -5e-324]]] },
    );
  });

  it('never yields NaN, and engagement stays in [0, ∞)', () => {
    fc.assert(
      fc.property(fc.array(arbitraryVideo, { maxLength: 40 }), (videos) => {
        const overview = channelOverview(videos);
        expect(JSON.stringify(overview)).not.toContain('NaN');
        if (overview.engagement.rate !== null) expect(overview.engagement.rate).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});

describe('outlier ranking', () => {
  const score = (id: string, outlierScore: number | null) => ({
    id,
    ageDays: 10,
    views: 100,
    baselineMedian: 100,
    baselineN: 30,
    outlierScore,
    successScore: null,
    successParts: [],
  });

  it('lists the highest outlier scores first and the lowest separately, never the same video twice', () => {
    const scores = [score('a', 0.5), score('b', 4), score('c', null), score('d', 1.2), score('e', 0.1)];
    const { best, worst } = rankByOutlierScore([{ id: 'b', title: 'Bee', publishedAt: null }], scores, new Date(0), 2);
    expect(best.map((video) => [video.id, video.title])).toEqual([
      ['b', 'Bee'],
      ['d', 'd'],
    ]);
    expect(worst.map((video) => video.id)).toEqual(['e', 'a']);
    const few = rankByOutlierScore([], [score('x', 2), score('y', 1)], new Date(0), 5);
    expect(few.best.map((video) => video.id)).toEqual(['x', 'y']);
    expect(few.worst).toEqual([]);
  });
});
