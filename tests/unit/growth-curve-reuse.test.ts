// analyzeChannel projects its response along the growth curves its scores' baselines fitted instead of fitting
// them again (curvesOfOwnHistories). The shortcut must change no figure: whatever curve it hands over is the one
// fitGrowthCurve would fit, and the whole analysis equals the one that fits every curve afresh.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { curvesOfOwnHistories, indexForBaselines } from '../../src/core/analytics/age-matched-baseline.js';
import { type AnalyticsVideo, channelData, DAY_MS, figuresTime } from '../../src/core/analytics/analytics-video.js';
import { analyzeChannel } from '../../src/core/analytics/channel-analysis.js';
import { fitGrowthCurve, VIDEO_FORMATS } from '../../src/core/analytics/growth-curve.js';
import { channelPatterns } from '../../src/core/analytics/pattern-effects.js';
import { projectedLogViews } from '../../src/core/analytics/projected-log-views.js';
import { blankVideo } from '../support/analytics-videos.js';

const START = Date.UTC(2025, 0, 1);
const TITLES = ['Pasta carbonara', 'Pasta al pomodoro', 'Why rice burns?', 'Rice 5 ways', 'Bread: the basics'];

/** Random videos: publish times that may tie, read or not, with or without a reading time, of any format. */
const videosArbitrary: fc.Arbitrary<VideoSpec[]> = fc.array(
  fc.record({
    // Hours on a coarse grid, so that two videos published at the same instant happen.
    publishedHour: fc.integer({ min: 0, max: 400 }).map((hour) => hour * 6),
    isShort: fc.constantFrom(true, false, null),
    views: fc.option(fc.integer({ min: 1, max: 1e7 }), { freq: 5 }),
    statsAfterDays: fc.option(fc.double({ min: 0.5, max: 200, noNaN: true }), { freq: 5 }),
    readings: fc.array(fc.tuple(fc.double({ min: 0.1, max: 120, noNaN: true }), fc.integer({ min: 0, max: 1e7 })), {
      maxLength: 4,
    }),
    title: fc.constantFrom(...TITLES),
  }),
  { maxLength: 40 },
);

interface VideoSpec {
  publishedHour: number;
  isShort: boolean | null;
  views: number | null;
  statsAfterDays: number | null;
  readings: [number, number][];
  title: string;
}

function videosOf(specs: readonly VideoSpec[]): AnalyticsVideo[] {
  return specs.map((spec, index) => {
    const published = START + spec.publishedHour * 3_600_000;
    return blankVideo({
      id: `v${String(index).padStart(2, '0')}`,
      title: spec.title,
      publishedAt: new Date(published),
      isShort: spec.isShort,
      durationS: spec.isShort ? 40 : 600,
      views: spec.views,
      statsAt: spec.statsAfterDays === null ? null : new Date(published + spec.statsAfterDays * DAY_MS),
      snapshots: spec.readings.map(([days, views]) => ({
        at: new Date(published + days * DAY_MS),
        views,
        engagedViews: null,
      })),
    });
  });
}

describe('growth curves reused from the baseline index', () => {
  it('are the curves fitGrowthCurve fits from the same videos', () => {
    fc.assert(
      fc.property(videosArbitrary, (specs) => {
        const videos = videosOf(specs);
        const now = figuresTime(channelData('UTC', videos));
        const reused = curvesOfOwnHistories(indexForBaselines(videos, now), videos);
        for (const format of VIDEO_FORMATS) {
          const curve = reused[format];
          if (curve !== undefined) expect(curve).toEqual(fitGrowthCurve(videos, format));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('are handed over when every view count has its reading time and no two videos share a publish time', () => {
    const videos = videosOf(
      Array.from({ length: 12 }, (_, index) => ({
        publishedHour: index * 30,
        isShort: index % 3 === 0 ? null : index % 2 === 0,
        views: 1000 * (index + 1),
        statsAfterDays: 40,
        readings: [
          [1, 100 * (index + 1)],
          [7, 500 * (index + 1)],
        ],
        title: TITLES[index % TITLES.length] as string,
      })),
    );
    const now = figuresTime(channelData('UTC', videos));
    expect(Object.keys(curvesOfOwnHistories(indexForBaselines(videos, now), videos)).sort()).toEqual(
      [...VIDEO_FORMATS].sort(),
    );
  });

  it('leave the channel analysis what it is with every curve fitted afresh', () => {
    fc.assert(
      fc.property(videosArbitrary, (specs) => {
        const channel = channelData('UTC', videosOf(specs));
        const now = figuresTime(channel);
        const { patterns } = analyzeChannel(channel, now);
        const reference = channelPatterns(channel, projectedLogViews(channel.videos, now));
        const { model, ...figures } = patterns;
        const { model: referenceModel, ...referenceFigures } = reference;
        expect(figures).toEqual(referenceFigures);
        expect(model.arms).toEqual(referenceModel.arms);
        expect(model.covariates).toEqual(referenceModel.covariates);
        expect(model.noiseVariance).toBe(referenceModel.noiseVariance);
      }),
      { numRuns: 40 },
    );
  });
});
