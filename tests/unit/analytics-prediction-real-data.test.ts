import { describe, expect, it } from 'vitest';
import { type ChannelData, channelData } from '../../src/core/analytics/analytics-video.js';
import { backtest } from '../../src/core/analytics/backtest.js';
import { fitPlainSzaboHuberman, predictFromEarlyViews } from '../../src/core/analytics/post-publish-prediction.js';
import { scorePredictions } from '../../src/core/analytics/prediction-accuracy.js';
import { viewsAtAge } from '../../src/core/analytics/views-at-age.js';
import { generateDemoChannel } from '../../src/core/demo/demo-channel.js';
import { analyticsVideo } from '../support/analytics-videos.js';
import { adeleVideos, asPeriodicSnapshots } from '../support/real-histories.js';

describe('Adele: day-30 views from day-7 views, plain Szabo–Huberman fitted on the other five videos', () => {
  // Observed predicted ÷ actual: Hello 1.66, Someone Like You 1.11, Rolling in the Deep 1.79, Skyfall 0.45,
  // Set Fire to the Rain 0.51, Hometown Glory 1.30: five of six within a factor of 2 (Skyfall, a film theme
  // whose views kept climbing, is the miss); median |log10 error| 0.24 (a typical miss of ×1.7), bias +0.08,
  // 5 of 6 actuals inside the 80 % intervals.
  const videos = adeleVideos();
  const ages = { earlyAgeDays: 7, horizonDays: 30 };
  const predictions = videos.map((video) => {
    const model = fitPlainSzaboHuberman(
      videos.filter((other) => other !== video),
      ages,
    );
    if ('insufficient' in model) throw new Error(model.reason);
    const prediction = predictFromEarlyViews(model, viewsAtAge(video, ages.earlyAgeDays) as number);
    if ('insufficient' in prediction) throw new Error(prediction.reason);
    return { ...prediction, actual: viewsAtAge(video, ages.horizonDays) as number };
  });

  it('lands within a factor of 2 for most videos', () => {
    expect(videos).toHaveLength(6);
    const withinFactorOf2 = predictions.filter(
      ({ predicted, actual }) => predicted / actual <= 2 && actual / predicted <= 2,
    );
    expect(withinFactorOf2.length).toBeGreaterThanOrEqual(4);
  });

  it('scores as a factor of about 1.7 typical miss, with most actuals inside the intervals', () => {
    const score = scorePredictions(predictions);
    expect(score.n).toBe(6);
    expect(score.medianAbsLog10Error).toBeLessThan(0.3);
    expect(score.coverage).toBeGreaterThanOrEqual(4 / 6);
  });
});

describe('Adele read only every 3 days, as periodic exports would', () => {
  // Day 7 → day 90 from 3 earlier videos whose day 90 had passed: Skyfall and Hello (Set Fire to the Rain came
  // 48 days after Someone Like You, too soon). Views at day 7 and day 90 are read between readings.
  const videos = asPeriodicSnapshots(adeleVideos(), 3);

  it('backtests without exact-age readings, far better than persistence', () => {
    const result = backtest(channelData('UTC', videos), {
      earlyAgeDays: 7,
      horizonDays: 90,
      now: new Date('2030-01-01T00:00:00Z'),
      minEarlierVideos: 3,
    });
    if ('insufficient' in result) throw new Error(result.reason);
    expect(result.methods.tubepilot.predictions.map((prediction) => prediction.id)).toEqual([
      'DeumyOzKqgI',
      'YQHsXMglC9A',
    ]);
    const ours = result.methods.tubepilot.score.medianAbsLog10Error as number;
    expect(ours).toBeLessThan(result.methods.persistence.score.medianAbsLog10Error as number);
    for (const prediction of result.methods.tubepilot.predictions) {
      expect(prediction.low).toBeLessThanOrEqual(prediction.predicted);
      expect(prediction.high).toBeGreaterThanOrEqual(prediction.predicted);
    }
  });
});

describe('Adele cross-validated: every video predicted from the other five', () => {
  // A replay predicts only the last three of the six videos; cross-validated all six are. Observed at 7 → 30:
  // median |log10 error| TubePilot 0.254, plain Szabo–Huberman 0.237, persistence 0.604; all six actuals
  // inside both methods' 80 % intervals.
  it('predicts all six, both growth models far better than persistence, most actuals inside the intervals', () => {
    const result = backtest(channelData('UTC', adeleVideos()), {
      earlyAgeDays: 7,
      horizonDays: 30,
      now: new Date('2030-01-01T00:00:00Z'),
      minEarlierVideos: 3,
      crossValidate: true,
    });
    if ('insufficient' in result) throw new Error(result.reason);
    expect(result.n).toBe(6);
    const persistence = result.methods.persistence.score.medianAbsLog10Error as number;
    for (const method of ['tubepilot', 'plain-szabo-huberman'] as const) {
      expect(result.methods[method].score.medianAbsLog10Error as number).toBeLessThan(persistence / 2);
      expect(result.methods[method].score.coverage).toBeGreaterThanOrEqual(4 / 6);
    }
  });
});

describe('demo channel backtest (seed 42)', () => {
  const endDate = new Date('2026-11-23T00:00:00Z');
  const demo = generateDemoChannel({ seed: 42, endDate });
  const channel: ChannelData = channelData(
    demo.timezone,
    demo.videos.map((record) => analyticsVideo(record)),
  );

  // Observed, median |log10 error| (coverage of the 80 % intervals):
  //   day 1 → day 7:  log-linear 0.056 (0.82), plain SH 0.057 (0.80), channel median 0.28 (0.70); n = 126
  //   day 1 → day 21: log-linear 0.085 (0.83), plain SH 0.084 (0.85), channel median 0.26 (0.70); n = 104
  // Every demo video grows with the same shape up to its own time constant, so b ≈ 1 and the plain model
  // does as well as ours here.
  for (const horizonDays of [7, 21]) {
    it(`predicts day ${horizonDays} from day 1 better than the channel median, with honest intervals`, () => {
      const result = backtest(channel, { earlyAgeDays: 1, horizonDays, now: endDate });
      if ('insufficient' in result) throw new Error(result.reason);
      expect(result.n).toBeGreaterThan(80);
      const ours = result.methods.tubepilot.score;
      const channelMedian = result.methods['channel-median'].score;
      expect(ours.medianAbsLog10Error as number).toBeLessThan(channelMedian.medianAbsLog10Error as number);
      expect(ours.coverage).toBeGreaterThanOrEqual(0.6);
      expect(ours.coverage).toBeLessThanOrEqual(0.95);
    });
  }
});
