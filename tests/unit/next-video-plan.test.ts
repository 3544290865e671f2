import { describe, expect, it } from 'vitest';
import { channelData } from '../../src/core/analytics/analytics-video.js';
import { analyzeChannel } from '../../src/core/analytics/channel-analysis.js';
import { hookRules } from '../../src/core/analytics/hook-patterns.js';
import { STYLE_TEMPLATES } from '../../src/core/analytics/style-templates.js';
import { hookStyle } from '../../src/core/analytics/video-features.js';
import { chooseNextVideo, SCRIPT_HOOK_STYLES } from '../../src/core/learning/next-video-plan.js';
import { SeededRandom } from '../../src/core/random/seeded-random.js';
import { demoChannelData } from '../support/analytics-videos.js';

/** The hook rules of an English channel. */
const ENGLISH = hookRules(['en']);

const END = new Date('2026-11-23T00:00:00Z');

describe('choosing the next video', () => {
  const { channel, demo } = demoChannelData(42, END);
  // The demo's audience never changes: nothing to forget (forgetting is tested below and in effect-model.test.ts).
  const analysis = analyzeChannel(channel, END, { evidenceHalfLifeVideos: 0 });
  const rng = new SeededRandom('next video');
  const plans = Array.from({ length: 300 }, () => chooseNextVideo(analysis, rng));

  it('mostly picks the topic the audience likes best', () => {
    const eggVideos = new Set(
      demo.videos.filter((video) => /egg|yolk|omelet/i.test(video.title)).map((video) => video.youtubeId),
    );
    const eggCluster = analysis.patterns.topics.clusters.reduce((best, cluster) =>
      cluster.videoIds.filter((id) => eggVideos.has(id)).length > best.videoIds.filter((id) => eggVideos.has(id)).length
        ? cluster
        : best,
    );
    const eggPicks = plans.filter((plan) => plan.topic?.value === eggCluster.id).length;
    expect(eggPicks / plans.length).toBeGreaterThan(0.5);
  });

  it('explores other topics while the evidence is thin', () => {
    const early = { ...channel, videos: channel.videos.slice(0, 15) };
    const asOf = early.videos.at(-1)?.statsAt as Date;
    const earlyAnalysis = analyzeChannel(early, asOf);
    const draws = new SeededRandom('early');
    const earlyPlans = Array.from({ length: 300 }, () => chooseNextVideo(earlyAnalysis, draws));
    expect(new Set(earlyPlans.map((plan) => plan.topic?.value)).size).toBeGreaterThan(1);
    expect(earlyPlans.filter((plan) => plan.topic?.choice.mode === 'explore').length).toBeGreaterThan(15);
  });

  it('states each choice with its evidence and gives a concrete length and hour', () => {
    const plan = plans[0];
    expect(plan?.topic?.description).toMatch(/^(exploit|explore): topic /);
    expect(plan?.hookStyle.description).toMatch(/^(exploit|explore): hook style /);
    expect(SCRIPT_HOOK_STYLES).toContain(plan?.hookStyle.value);
    for (const candidate of plans) {
      expect(candidate.length.targetS).toBeGreaterThan(0);
      expect(candidate.postingTime.hour).toBeGreaterThanOrEqual(0);
      expect(candidate.postingTime.hour).toBeLessThan(24);
    }
  });

  it('is reproducible for a seed', () => {
    const again = chooseNextVideo(analysis, new SeededRandom('same'));
    expect(chooseNextVideo(analysis, new SeededRandom('same'))).toEqual(again);
  });

  it('still plans for a channel without videos, with no topic yet', () => {
    const empty = channelData('UTC', []);
    const plan = chooseNextVideo(analyzeChannel(empty, END), new SeededRandom(1));
    expect(plan.topic).toBeNull();
    expect(plan.hookStyle.choice.mode).toBe('explore');
    expect(plan.hookStyle.description).toMatch(/^explore: hook style [a-z-]+, not enough data yet \(n=0\)$/);
  });
});

describe('script style templates', () => {
  it('read back as the style they are written in, whatever the topic', () => {
    for (const topic of ['eggs', 'sourdough starter', 'kitchen knives', 'Power BI']) {
      for (const [style, templates] of Object.entries(STYLE_TEMPLATES)) {
        expect(hookStyle(templates.hook.replaceAll('{topic}', topic), ENGLISH)).toBe(style);
        for (const title of templates.titles)
          expect(hookStyle(title.replaceAll('{topic}', topic), ENGLISH)).toBe(style);
      }
    }
    expect(Object.keys(STYLE_TEMPLATES).sort()).toEqual([...SCRIPT_HOOK_STYLES].sort());
  });
});

describe("planning from the channel's actual recent videos", () => {
  const { channel } = demoChannelData(42, END);
  const analysis = analyzeChannel(channel, END);
  const { clusters } = analysis.patterns.topics;
  const clusterOf = (id: string) => clusters.find((cluster) => cluster.videoIds.includes(id))?.id ?? null;
  const lastFive = [...channel.videos]
    .sort((a, b) => (a.publishedAt as Date).getTime() - (b.publishedAt as Date).getTime())
    .slice(-5)
    .reverse()
    .map((video) => clusterOf(video.id));

  it('charges each topic its repetition after the last five videos, at the cost the model learned', () => {
    for (const cluster of clusters) {
      const expected = lastFive.reduce((sum, topic, j) => sum + (topic === cluster.id ? 0.5 ** j : 0), 0);
      expect(analysis.patterns.repetition.next[cluster.id]).toBe(expected);
    }
    expect(Number.isFinite(analysis.patterns.repetition.effect)).toBe(true);
    expect(analysis.patterns.repetition.sd).toBeGreaterThan(0);
    const plan = chooseNextVideo(analysis, null);
    const topic = plan.topic?.value as string;
    expect(plan.topic?.choice.adjustment).toBeCloseTo(
      analysis.patterns.repetition.effect * (analysis.patterns.repetition.next[topic] ?? 0),
      12,
    );
  });

  it('knows what each planned dimension was on every dated video, oldest first', () => {
    for (const dimension of ['topic', 'hook', 'length', 'posting-time']) {
      expect(analysis.patterns.history[dimension]).toHaveLength(channel.videos.length);
    }
    expect(analysis.patterns.history.topic?.slice(-5).reverse()).toEqual(lastFive);
  });
});

describe('choosing without exploring', () => {
  it('takes the best-supported arm of every dimension, the same every time', () => {
    const { channel } = demoChannelData(42, END);
    const analysis = analyzeChannel(channel, END);
    const plan = chooseNextVideo(analysis, null);
    expect(chooseNextVideo(analysis, null)).toEqual(plan);
    for (const decision of [plan.topic, plan.hookStyle, plan.length, plan.postingTime]) {
      expect(decision?.choice.chosen.arm).toBe(decision?.choice.best.arm);
      expect(decision?.choice.mode).toBe('exploit');
    }
  });
});
