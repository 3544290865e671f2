import { describe, expect, it } from 'vitest';
import { describeEvidence, strategyBasis } from '../../src/core/ai/strategy-basis.js';
import { analyzeChannel } from '../../src/core/analytics/channel-analysis.js';
import { forecastPlannedVideo } from '../../src/core/analytics/planned-video-prediction.js';
import { formatEffect } from '../../src/core/format/numbers.js';
import { chooseNextVideo } from '../../src/core/learning/next-video-plan.js';
import { demoChannelData } from '../support/analytics-videos.js';

// One fact, one number: the length 25 s (the demo's 21–40 s range on the length curve) on the demo channel as /trends (formatEffect of the pattern), /strategy's
// basis, /script's reason (the bandit's exploit choice) and the planned-video prediction's basis each say it.
describe('one effect model: the same number for the same fact everywhere', () => {
  const endDate = new Date('2026-11-23T00:00:00Z');
  const now = new Date('2026-11-26T12:00:00Z'); // later than the last reading
  const { channel } = demoChannelData(42, endDate);
  // Without forgetting, so the demo's 25 s effect is strong enough to be listed by /strategy; every consumer
  // reads the analysis it is given, whatever its half-life.
  const analysis = analyzeChannel(channel, now, { evidenceHalfLifeVideos: 0 });
  const trends = analysis.patterns.length.effects.find((effect) => effect.group === '25s');
  if (!trends) throw new Error('the demo has 25 s videos');
  const shown = `${formatEffect(trends)}, n=${trends.n}, ${trends.confidence} confidence`;

  it('/strategy lists it with the figures /trends shows', () => {
    const basis = strategyBasis(channel, analysis);
    const evidence = basis.lengths.find((length) => length.id === '25s');
    expect(evidence).toBeDefined();
    expect(describeEvidence(evidence as NonNullable<typeof evidence>)).toBe(
      `${formatEffect(trends).replace(' [', ' views [')}, n=${trends.n}, ${trends.confidence} confidence`,
    );
  });

  it("/script's reason quotes the same figure", () => {
    const plan = chooseNextVideo(analysis, null);
    expect(plan.length.value).toBe('25s');
    expect(plan.length.targetS).toBe(25);
    expect(plan.length.description).toBe(`exploit: length 25s, ${shown}`);
  });

  it('the planned-video prediction applies the same estimate and says so', () => {
    const forecast = forecastPlannedVideo(channel.videos, analysis.patterns, { lengthS: 26 }, now, 30);
    expect(forecast.effects).toContainEqual(trends);
    if ('insufficient' in forecast.prediction) throw new Error(forecast.prediction.reason);
    expect(forecast.prediction.basis).toContain(`length = 25s: ${shown}`);
  });

  it('the bandit draws around the same estimate', () => {
    const d = analysis.patterns.model.dimensions.findIndex((dimension) => dimension.name === 'length');
    const arm = analysis.patterns.model.arms[d]?.find((candidate) => candidate.arm === '25s');
    expect(arm?.effect).toBe(trends.effect);
    expect(arm?.low).toBe(trends.low);
  });
});
