import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { channelOverview, type OverviewVideo } from '../../src/core/stats/channel-overview.js';
import { median } from '../../src/core/stats/summary-statistics.js';

const video = (id: string, views: number | null, extra: Partial<OverviewVideo> = {}): OverviewVideo => ({
  youtubeId: id,
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
  youtubeId: fc.string({ minLength: 1, maxLength: 11 }),
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
    expect(overview).toMatchObject({ videoCount: 0, medianViews: null, meanViews: null, totalLikes: null, best: [] });
    expect(overview.engagement).toEqual({ rate: null, videos: 0, parts: [] });
  });

  it('computes the median, the ratio to it and the engagement rate of a known channel', () => {
    const overview = channelOverview([
      video('a', 100, { likes: 10, comments: 2, shares: null }),
      video('b', 300, { likes: 30, comments: 0 }),
      video('c', 1000, { likes: null, comments: 5 }),
      video('d', null),
    ]);
    expect(overview.medianViews).toBe(300);
    expect(overview.videosWithViews).toBe(3);
    expect(overview.best.map((item) => [item.youtubeId, item.ratioToMedian])).toEqual([
      ['c', 1000 / 300],
      ['b', 1],
      ['a', 100 / 300],
    ]);
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
        expect(median([...values].reverse())).toBe(m);
      }),
    );
  });

  it('never yields NaN; engagement stays in [0, ∞) and best is sorted by ratio', () => {
    fc.assert(
      fc.property(fc.array(arbitraryVideo, { maxLength: 40 }), (videos) => {
        const overview = channelOverview(videos);
        expect(JSON.stringify(overview)).not.toContain('NaN');
        if (overview.engagement.rate !== null) expect(overview.engagement.rate).toBeGreaterThanOrEqual(0);
        const ratios = overview.best.map((item) => item.ratioToMedian);
        expect(ratios).toEqual([...ratios].sort((a, b) => b - a));
        expect(overview.best.length).toBeLessThanOrEqual(5);
      }),
    );
  });

  it('scaling every view count leaves the ratios to the median unchanged', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 1e6 }), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 2, max: 1000 }),
        (views, factor) => {
          const base = channelOverview(views.map((count, index) => video(String(index), count)));
          const scaled = channelOverview(views.map((count, index) => video(String(index), count * factor)));
          scaled.best.forEach((item, index) => {
            expect(item.ratioToMedian).toBeCloseTo(base.best[index]?.ratioToMedian as number, 9);
          });
        },
      ),
    );
  });
});
