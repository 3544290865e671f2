import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeEvidence, strategyBasis } from '../../src/core/ai/strategy-basis.js';
import { analyzeChannel } from '../../src/core/analytics/channel-analysis.js';
import { forecastPlannedVideo, type VideoPlan } from '../../src/core/analytics/planned-video-prediction.js';
import { formatEffect } from '../../src/core/format/numbers.js';
import { chooseNextVideo, SCRIPT_HOOK_STYLES } from '../../src/core/learning/next-video-plan.js';
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

  it('a plan with a hook style applies the hook and its topic × hook pair from the same model', () => {
    const pair = analysis.patterns.topicHook.effects.find((estimate) => estimate.group === 'eggs|pov');
    const hook = analysis.patterns.hook.effects.find((estimate) => estimate.group === 'pov');
    const topic = analysis.patterns.topics.effects.find((estimate) => estimate.group === 'eggs');
    if (!pair || !hook || !topic) throw new Error('the demo has eggs videos with a pov hook');
    const withHook = forecastPlannedVideo(channel.videos, analysis.patterns, { topic: 'eggs', hook: 'pov' }, now, 30);
    const without = forecastPlannedVideo(channel.videos, analysis.patterns, { topic: 'eggs' }, now, 30);
    expect(withHook.effects).toEqual([topic, hook, pair]);
    if ('insufficient' in withHook.prediction || 'insufficient' in without.prediction) throw new Error('predicts');
    expect(withHook.prediction.basis).toContain(
      `hook = pov: ${formatEffect(hook)}, n=${hook.n}, ${hook.confidence} confidence`,
    );
    expect(withHook.prediction.basis).toContain(
      `topic-hook = eggs|pov: ${formatEffect(pair)}, n=${pair.n}, ${pair.confidence} confidence`,
    );
    expect(withHook.prediction.predicted / without.prediction.predicted).toBeCloseTo(
      Math.exp(hook.effect + pair.effect),
      12,
    );
  });

  it('a pair with too few videos is applied with its shrunk estimate and wide interval, and not rated', () => {
    const forecast = forecastPlannedVideo(
      channel.videos,
      analysis.patterns,
      { topic: 'eggs', hook: 'number-list' },
      now,
      30,
    );
    const thin = analysis.patterns.topicHook.insufficient.find((group) => group.group === 'eggs|number-list');
    expect(thin?.n).toBe(4);
    const pair = forecast.effects.find((estimate) => estimate.dimension === 'topic-hook');
    expect(pair).toMatchObject({ group: 'eggs|number-list', n: 4, confidence: 'insufficient' });
    expect(forecast.notes).toEqual([]);
    if ('insufficient' in forecast.prediction) throw new Error(forecast.prediction.reason);
    expect(forecast.prediction.basis).toContain(
      `topic-hook = eggs|number-list: ${formatEffect(pair as NonNullable<typeof pair>)}, n=4, too few videos to rate`,
    );
  });

  it('a pair the channel never made is named and left out', () => {
    const made = new Set(analysis.patterns.topicHook.groups.map((group) => group.group));
    const hook = SCRIPT_HOOK_STYLES.find((style) => !made.has(`eggs|${style}`));
    if (hook === undefined) throw new Error('the demo has not made every hook on eggs');
    const forecast = forecastPlannedVideo(channel.videos, analysis.patterns, { topic: 'eggs', hook }, now, 30);
    expect(forecast.effects.map((estimate) => estimate.dimension)).toEqual(['topic', 'hook']);
    expect(forecast.notes).toEqual([`topic × hook eggs|${hook}: no video of this channel has it yet; not applied`]);
  });

  it('any plan: the estimate is the baseline moved by every applied effect, inside its interval', () => {
    const plan = fc.record(
      {
        topic: fc.constantFrom(...analysis.patterns.topics.clusters.map((cluster) => cluster.id)),
        hook: fc.constantFrom(...SCRIPT_HOOK_STYLES),
        hour: fc.integer({ min: 0, max: 23 }),
        lengthS: fc.integer({ min: 5, max: 600 }),
      },
      { requiredKeys: [] },
    );
    const forecast = (planned: VideoPlan) => {
      const result = forecastPlannedVideo(channel.videos, analysis.patterns, planned, now, 30);
      if ('insufficient' in result.prediction) throw new Error(result.prediction.reason);
      return { ...result.prediction, moved: result.effects.reduce((sum, estimate) => sum + estimate.effect, 0) };
    };
    fc.assert(
      fc.property(plan, (planned) => {
        // The length alone sets the baseline's format.
        const reference = forecast(planned.lengthS === undefined ? {} : { lengthS: planned.lengthS });
        const { predicted, low, high, moved } = forecast(planned);
        expect(predicted / reference.predicted).toBeCloseTo(Math.exp(moved - reference.moved), 12);
        expect(low).toBeLessThanOrEqual(predicted);
        expect(predicted).toBeLessThanOrEqual(high);
      }),
      { numRuns: 50 },
    );
  });

  it('the bandit draws around the same estimate', () => {
    const d = analysis.patterns.model.dimensions.findIndex((dimension) => dimension.name === 'length');
    const arm = analysis.patterns.model.arms[d]?.find((candidate) => candidate.arm === '25s');
    expect(arm?.effect).toBe(trends.effect);
    expect(arm?.low).toBe(trends.low);
  });
});
