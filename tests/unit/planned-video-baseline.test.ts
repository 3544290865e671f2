import { describe, expect, it } from 'vitest';
import { type AnalyticsVideo, channelData, DAY_MS } from '../../src/core/analytics/analytics-video.js';
import { analyzeChannel } from '../../src/core/analytics/channel-analysis.js';
import { forecastPlannedVideo } from '../../src/core/analytics/planned-video-prediction.js';
import { median } from '../../src/core/stats/summary-statistics.js';
import { blankVideo } from '../support/analytics-videos.js';

// The pre-publication baseline on a growing channel: its videos far enough along, younger ones projected to the
// horizon, so the planned video is not compared with videos a whole horizon older.

const START = new Date('2026-01-01T00:00:00Z');
const VIDEOS = 80;
const GROWTH_PER_DAY = 0.01;
const HORIZON = 30;
/** Later than the last reading, which is at midnight of the last day. */
const now = new Date(START.getTime() + VIDEOS * DAY_MS + 12 * 3_600_000);

/** Video i, published on day i, ends at 1,000 · e^(0.01 i) views on the same saturating curve as every other. */
function growingChannel(): AnalyticsVideo[] {
  const lastReading = START.getTime() + VIDEOS * DAY_MS;
  return Array.from({ length: VIDEOS }, (_, i) => {
    const publishedAt = new Date(START.getTime() + i * DAY_MS);
    const finalViews = 1_000 * Math.exp(GROWTH_PER_DAY * i);
    const days = Math.floor((lastReading - publishedAt.getTime()) / DAY_MS);
    return blankVideo({
      id: `g${i}`,
      title: `Growing video ${i}`,
      durationS: 600,
      publishedAt,
      isShort: false,
      snapshots: Array.from({ length: days }, (_, d) => ({
        at: new Date(publishedAt.getTime() + (d + 1) * DAY_MS),
        views: Math.round(finalViews * (1 - Math.exp(-(d + 1) / 4))),
        engagedViews: null,
      })),
    });
  });
}

describe('pre-publication baseline on a growing channel', () => {
  it('compares the planned video with recent videos, not ones a horizon older', () => {
    const videos = growingChannel();
    const data = channelData('UTC', videos);
    const forecast = forecastPlannedVideo(videos, analyzeChannel(data, now).patterns, {}, now, HORIZON);
    if ('insufficient' in forecast.prediction) throw new Error(forecast.prediction.reason);
    const publishedDays = (now.getTime() - START.getTime()) / DAY_MS;
    const expected = 1_000 * Math.exp(GROWTH_PER_DAY * publishedDays) * (1 - Math.exp(-HORIZON / 4));
    // What the 30 most recent videos that had reached day 30 say: about e^0.45 low.
    const reached = videos.filter(
      (video) => (now.getTime() - (video.publishedAt as Date).getTime()) / DAY_MS >= HORIZON,
    );
    const olderBaseline = median(
      reached.slice(-30).map((video) => 1_000 * Math.exp(GROWTH_PER_DAY * Number(video.id.slice(1)))),
    ) as number;
    const olderError = Math.log(expected / (olderBaseline * (1 - Math.exp(-HORIZON / 4))));
    const error = Math.log(expected / forecast.prediction.predicted);
    expect(olderError).toBeGreaterThan(0.4);
    expect(Math.abs(error)).toBeLessThan(olderError / 2 + 0.05);
    expect(forecast.prediction.low).toBeLessThanOrEqual(forecast.prediction.predicted);
    expect(forecast.prediction.predicted).toBeLessThanOrEqual(forecast.prediction.high);
  });
});
