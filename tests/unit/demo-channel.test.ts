import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../src/core/analytics/analytics-video.js';
import { postingSlot } from '../../src/core/analytics/video-features.js';
import { generateDemoChannel } from '../../src/core/demo/demo-channel.js';
import { SeededRandom } from '../../src/core/random/seeded-random.js';
import { mean, median } from '../../src/core/stats/summary-statistics.js';
import type { VideoRecord } from '../../src/core/videos/video-record.js';

const END_DATE = new Date('2025-06-15T12:00:00Z');
const channel = generateDemoChannel({ seed: 42, endDate: END_DATE });
const videos = channel.videos;

function ranks(values: number[]): number[] {
  return values.map((value) => values.filter((other) => other < value).length);
}

function spearman(a: number[], b: number[]): number {
  const rankA = ranks(a);
  const rankB = ranks(b);
  const squaredDiffs = rankA.reduce((sum, rank, i) => sum + (rank - (rankB[i] as number)) ** 2, 0);
  const n = a.length;
  return 1 - (6 * squaredDiffs) / (n * (n * n - 1));
}

function ageDays(video: VideoRecord): number {
  return (END_DATE.getTime() - (video.publishedAt as Date).getTime()) / DAY_MS;
}

function localHour(date: Date): number {
  return Number(
    new Intl.DateTimeFormat('en-US', { timeZone: channel.timezone, hour: 'numeric', hourCycle: 'h23' }).format(date),
  );
}

describe('SeededRandom', () => {
  it('repeats the same sequence for the same seed and differs for another', () => {
    const draw = (seed: number | string) => {
      const rng = new SeededRandom(seed);
      return Array.from({ length: 20 }, () => rng.next());
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw('bootstrap')).toEqual(draw('bootstrap'));
    expect(draw(7)).not.toEqual(draw(8));
    expect(draw(7).every((value) => value >= 0 && value < 1)).toBe(true);
  });

  it('keeps int() inside its inclusive bounds and reaches both ends', () => {
    const rng = new SeededRandom(1);
    const values = Array.from({ length: 2000 }, () => rng.int(-3, 4));
    expect(Math.min(...values)).toBe(-3);
    expect(Math.max(...values)).toBe(4);
    expect(values.every(Number.isInteger)).toBe(true);
  });

  it('shuffles into a new array with the same elements', () => {
    const items = [1, 2, 3, 4, 5, 6, 7, 8];
    const shuffled = new SeededRandom(3).shuffle(items);
    expect(items).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect([...shuffled].sort((a, b) => a - b)).toEqual(items);
  });
});

describe('generateDemoChannel', () => {
  it('is deterministic for a seed and end date, and differs for another seed', () => {
    expect(generateDemoChannel({ seed: 42, endDate: END_DATE })).toEqual(channel);
    const other = generateDemoChannel({ seed: 43, endDate: END_DATE });
    expect(other.videos.map((video) => video.youtubeId)).not.toEqual(videos.map((video) => video.youtubeId));
  });

  it('is visibly demo data of a coherent niche', () => {
    expect(channel.name).toBe('demo');
    expect(channel.title).toContain('Demo');
    const topics = new Set(videos.map((video) => video.topic));
    expect(topics.size).toBeGreaterThanOrEqual(5);
    expect(topics.size).toBeLessThanOrEqual(7);
    expect([...topics].sort()).toEqual(Object.keys(channel.truth.topicEffects).sort());
    expect(new Set(videos.map((video) => video.title)).size).toBe(videos.length);
  });

  it('publishes ≥ 120 videos over ≥ 6 months before the end date, at varied local hours', () => {
    expect(videos.length).toBe(140);
    const times = videos.map((video) => (video.publishedAt as Date).getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect((times.at(-1) as number) < END_DATE.getTime()).toBe(true);
    expect(ageDays(videos[0] as VideoRecord)).toBeGreaterThanOrEqual(183);
    const hours = videos.map((video) => localHour(video.publishedAt as Date));
    expect(hours.every((hour) => hour >= 7 && hour <= 22)).toBe(true);
    expect(new Set(hours).size).toBeGreaterThanOrEqual(10);
    expect(generateDemoChannel({ seed: 5, endDate: END_DATE, videoCount: 120 }).videos).toHaveLength(120);
  });

  it('makes exactly the asked number of videos for tiny channels too', () => {
    for (const videoCount of [1, 2, 3]) {
      expect(generateDemoChannel({ seed: 2, endDate: END_DATE, videoCount }).videos).toHaveLength(videoCount);
    }
  });

  it('gives unique 11-character YouTube ids', () => {
    const ids = videos.map((video) => video.youtubeId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => /^[A-Za-z0-9_-]{11}$/.test(id))).toBe(true);
  });

  it('keeps snapshots monotone, before the end date and within the latest stats', () => {
    for (const video of videos) {
      const published = (video.publishedAt as Date).getTime();
      let previous = { views: 0, engagedViews: 0, likes: 0, comments: 0, takenAt: published };
      for (const snapshot of video.snapshots) {
        const current = {
          views: snapshot.views,
          engagedViews: snapshot.engagedViews ?? 0,
          likes: snapshot.likes ?? 0,
          comments: snapshot.comments ?? 0,
          takenAt: snapshot.takenAt.getTime(),
        };
        expect(current.takenAt).toBeGreaterThan(previous.takenAt);
        expect(current.takenAt).toBeLessThanOrEqual(END_DATE.getTime());
        expect(current.views).toBeGreaterThanOrEqual(previous.views);
        expect(current.engagedViews).toBeGreaterThanOrEqual(previous.engagedViews);
        expect(current.likes).toBeGreaterThanOrEqual(previous.likes);
        expect(current.comments).toBeGreaterThanOrEqual(previous.comments);
        previous = current;
      }
      const last = video.snapshots.at(-1);
      if (last) {
        expect(last.views).toBeLessThanOrEqual(video.stats.views as number);
        expect(last.likes ?? 0).toBeLessThanOrEqual(video.stats.likes ?? 0);
        expect(last.comments ?? 0).toBeLessThanOrEqual(video.stats.comments ?? 0);
      }
      if (ageDays(video) >= 30) expect(video.snapshots.length).toBeGreaterThanOrEqual(21);
    }
  });

  it('reports latest stats that are internally consistent', () => {
    for (const video of videos) {
      const { stats } = video;
      const views = stats.views as number;
      expect(Number.isInteger(views)).toBe(true);
      expect(stats.engagedViews as number).toBeLessThanOrEqual(views);
      expect(stats.avgViewDurationS).toBe(
        Math.round(((video.durationS as number) * (stats.avgViewPct as number)) / 100),
      );
      expect(stats.estimatedMinutesWatched).toBe(Math.round((views * (stats.avgViewDurationS as number)) / 60));
      expect(stats.ctr as number).toBeGreaterThanOrEqual(2);
      expect(stats.ctr as number).toBeLessThanOrEqual(12);
    }
  });

  it('gives every video 100 sorted retention points', () => {
    for (const video of videos) {
      expect(video.retention).toHaveLength(100);
      expect(video.retention[0]?.elapsedRatio).toBe(0.01);
      expect(video.retention[99]?.elapsedRatio).toBe(1);
      const ratios = video.retention.map((point) => point.elapsedRatio);
      expect(ratios).toEqual([...ratios].sort((a, b) => a - b));
      for (const point of video.retention) {
        expect(point.watchRatio).toBeGreaterThanOrEqual(0);
        expect(point.relativePerformance).toBeGreaterThanOrEqual(0);
        expect(point.relativePerformance).toBeLessThanOrEqual(1);
      }
    }
  });

  it('orders topics by mean log views in the direction of the true effects', () => {
    const settledShorts = videos.filter((video) => video.isShort && ageDays(video) >= 28);
    const effects = channel.truth.topicEffects;
    const topicsByEffect = Object.keys(effects).sort((a, b) => (effects[b] as number) - (effects[a] as number));
    const meanLogViews = topicsByEffect.map(
      (topic) =>
        mean(
          settledShorts.filter((video) => video.topic === topic).map((video) => Math.log(video.stats.views as number)),
        ) as number,
    );
    const trueLogEffects = topicsByEffect.map((topic) => Math.log(effects[topic] as number));
    expect(spearman(meanLogViews, trueLogEffects)).toBeGreaterThanOrEqual(0.7);
    // Truth: best vs worst topic differ by ln(2.2 / 0.5) ≈ 1.48 in log views.
    expect((meanLogViews[0] as number) - (meanLogViews.at(-1) as number)).toBeGreaterThan(0.7);
  });

  it('has heavy-tailed views with breakouts', () => {
    const views = videos.map((video) => video.stats.views as number);
    const typical = median(
      videos.filter((video) => ageDays(video) >= 28).map((video) => video.stats.views as number),
    ) as number;
    expect(typical).toBeGreaterThanOrEqual(5_000);
    expect(typical).toBeLessThanOrEqual(30_000);
    expect(Math.max(...views)).toBeGreaterThanOrEqual(10 * (median(views) as number));
    expect(channel.truth.breakoutVideoIds.length).toBeGreaterThanOrEqual(2);
  });

  it('has hidden likes and disabled comments', () => {
    const hiddenLikes = videos.filter((video) => video.stats.likes === null);
    const disabledComments = videos.filter((video) => video.stats.comments === null);
    expect(hiddenLikes.length).toBeGreaterThanOrEqual(1);
    expect(disabledComments.length).toBeGreaterThanOrEqual(1);
    for (const video of hiddenLikes) expect(video.snapshots.every((snapshot) => snapshot.likes === null)).toBe(true);
  });

  it('has both Shorts and long-form videos, with long-form retaining less', () => {
    const shorts = videos.filter((video) => video.isShort);
    const longForm = videos.filter((video) => video.isShort === false);
    expect(longForm.length).toBeGreaterThanOrEqual(3);
    expect(shorts.length).toBeGreaterThan(longForm.length * 10);
    expect(shorts.every((video) => (video.durationS as number) <= 180)).toBe(true);
    expect(longForm.every((video) => (video.durationS as number) >= 240)).toBe(true);
    const avgPct = (list: VideoRecord[]) => median(list.map((video) => video.stats.avgViewPct as number)) as number;
    expect(avgPct(shorts)).toBeGreaterThan(60);
    expect(avgPct(longForm)).toBeLessThan(50);
  });
});

describe('generateDemoChannel for any seed and end date', () => {
  const options = fc.record({
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    // Any minute of a decade, so DST changes and every time of day are met.
    endDate: fc
      .integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) })
      .map((ms) => new Date(ms - (ms % 60_000))),
    videoCount: fc.integer({ min: 1, max: 150 }),
  });

  it('reads last at the end date: all uploads before it, the newest the local day before, stats as of it', () => {
    fc.assert(
      fc.property(options, ({ seed, endDate, videoCount }) => {
        const demo = generateDemoChannel({ seed, endDate, videoCount });
        expect(demo.videos).toHaveLength(videoCount);
        const end = endDate.getTime();
        const published = demo.videos.map((video) => (video.publishedAt as Date).getTime());
        expect(Math.max(...published)).toBeLessThan(end);
        expect(end - Math.max(...published)).toBeLessThan(2 * DAY_MS);
        if (videoCount > 1) expect(end - Math.min(...published)).toBeGreaterThanOrEqual(183 * DAY_MS);
        for (const video of demo.videos) {
          expect(video.statsAt).toEqual(endDate);
          expect(video.snapshots.every((snapshot) => snapshot.takenAt.getTime() <= end)).toBe(true);
          // The creator's habit on the channel's clock, as analytics reads it, DST included.
          const hour = postingSlot(video.publishedAt, demo.timezone)?.hour as number;
          expect(hour).toBeGreaterThanOrEqual(7);
          expect(hour).toBeLessThanOrEqual(22);
        }
      }),
      { numRuns: 25 },
    );
  });

  it('is the same channel again for the same seed and end date', () => {
    fc.assert(
      fc.property(options, (given) => {
        expect(generateDemoChannel(given)).toEqual(generateDemoChannel(given));
      }),
      { numRuns: 5 },
    );
  });

  it('lets the best planted topic be seen beating the worst in settled Shorts', () => {
    fc.assert(
      fc.property(options, ({ seed, endDate }) => {
        const demo = generateDemoChannel({ seed, endDate });
        const effects = demo.truth.topicEffects;
        const byEffect = Object.keys(effects).sort((a, b) => (effects[b] as number) - (effects[a] as number));
        const settled = demo.videos.filter(
          (video) => video.isShort && endDate.getTime() - (video.publishedAt as Date).getTime() >= 28 * DAY_MS,
        );
        const meanLogViews = (topic: string) =>
          mean(settled.filter((video) => video.topic === topic).map((video) => Math.log(video.stats.views as number)));
        // Planted: ln(2.2 / 0.5) ≈ 1.48 apart; noise and breakouts never closed more than 0.9 of it in 300 seeds.
        expect(meanLogViews(byEffect[0] as string) as number).toBeGreaterThan(
          meanLogViews(byEffect.at(-1) as string) as number,
        );
      }),
      { numRuns: 8 },
    );
  });
});
