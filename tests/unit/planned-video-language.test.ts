import { describe, expect, it } from 'vitest';
import { type AnalyticsVideo, channelData, DAY_MS } from '../../src/core/analytics/analytics-video.js';
import { analyzeChannel } from '../../src/core/analytics/channel-analysis.js';
import { forecastPlannedVideo } from '../../src/core/analytics/planned-video-prediction.js';
import { blankVideo } from '../support/analytics-videos.js';

// Hook styles read in the channel's language, all the way to a planned video's forecast: on a channel whose
// how-tos get three times the views of its other videos, the analysis must find the how-to effect in its own
// words, and a planned how-to must be forecast at the how-tos' level — its baseline is the recent videos net of
// their own effects, each video's hook read as the analysis reads it.

const START = new Date('2026-01-01T12:00:00Z');
const VIDEOS = 90;
const HOW_TO_LIFT = 3;
const HORIZON = 30;
/** Later than the last reading, which is at noon of the last day. */
const now = new Date(START.getTime() + VIDEOS * DAY_MS + 3_600_000);

/** Each how-to beside an other of the same length class, emoji and hashtag: only the hook tells them apart. */
const FRENCH = {
  howTo: [
    'Comment réussir la crème brûlée 🍮',
    'Comment faire une tarte aux pommes',
    'Comment cuire des œufs mollets #recette',
    'Comment préparer une salade d’été ☀️',
  ],
  other: [
    'La crème brûlée de ma grand-mère 🍮',
    'Une tarte aux pommes pour l’automne',
    'Les œufs brouillés du chef #recette',
    'Une salade de pâtes pour cet été ☀️',
  ],
};

const CHINESE = {
  howTo: ['红烧肉的家常做法🥩', '饺子怎么包才不会破', '手把手教你做麻婆豆腐', '番茄炒蛋的正宗做法'],
  other: ['妈妈的红烧肉', '冬至吃饺子 #美食', '四川麻婆豆腐🌶️', '周末的番茄炒蛋'],
};

/**
 * Video i, published on day i at noon, a how-to two times in three; its views saturate at 2,000 (×3 for a how-to,
 * with a small deterministic wobble) on the same curve as every other, read daily.
 */
function channel(titles: { howTo: string[]; other: string[] }): AnalyticsVideo[] {
  const lastReading = START.getTime() + VIDEOS * DAY_MS;
  return Array.from({ length: VIDEOS }, (_, i) => {
    const howTo = i % 3 !== 0;
    const list = howTo ? titles.howTo : titles.other;
    const publishedAt = new Date(START.getTime() + i * DAY_MS);
    const finalViews = 2_000 * (howTo ? HOW_TO_LIFT : 1) * Math.exp(0.15 * Math.sin(i * 1.7));
    const days = Math.floor((lastReading - publishedAt.getTime()) / DAY_MS);
    const viewsAt = (day: number) => Math.round(finalViews * (1 - Math.exp(-day / 4)));
    return blankVideo({
      id: `v${i}`,
      title: list[i % list.length] as string,
      durationS: 45,
      publishedAt,
      isShort: true,
      views: viewsAt(days),
      statsAt: new Date(lastReading),
      snapshots: Array.from({ length: days }, (_, d) => ({
        at: new Date(publishedAt.getTime() + (d + 1) * DAY_MS),
        views: viewsAt(d + 1),
        engagedViews: null,
      })),
    });
  });
}

/** Views at the horizon of the channel's videos of one kind, as planted (the wobble's median is about 0). */
const viewsAtHorizon = (lift: number) => 2_000 * lift * (1 - Math.exp(-HORIZON / 4));

describe('hook styles in the channel’s language, from the analysis to a planned video', () => {
  it('finds a Chinese channel’s how-to effect in Chinese words', () => {
    const videos = channel(CHINESE);
    const { patterns } = analyzeChannel(channelData('UTC', videos), now);
    expect(patterns.languages[0]).toBe('zh');
    const howTo = patterns.hook.effects.find((effect) => effect.group === 'how-to');
    expect(howTo?.n).toBe(60);
    expect(howTo?.low).toBeGreaterThan(0);
  });

  it('forecasts a planned how-to on a French channel at its how-tos’ level, and another plan at the others’', () => {
    const videos = channel(FRENCH);
    const { patterns } = analyzeChannel(channelData('UTC', videos), now);
    expect(patterns.languages[0]).toBe('fr');
    const forecast = (hook: 'how-to' | 'other') => {
      const { prediction, effects } = forecastPlannedVideo(videos, patterns, { hook }, now, HORIZON);
      if ('insufficient' in prediction) throw new Error(prediction.reason);
      return { predicted: prediction.predicted, effect: effects.find((effect) => effect.dimension === 'hook') };
    };
    const howTo = forecast('how-to');
    const other = forecast('other');
    // The how-to effect is clear and carried: the plan is the how-tos' level, not that level times the effect
    // again (which a baseline of how-tos read as "other" would give: ×3 too high).
    expect(howTo.effect?.low).toBeGreaterThan(0.3);
    expect(Math.abs(Math.log(howTo.predicted / viewsAtHorizon(HOW_TO_LIFT)))).toBeLessThan(0.25);
    expect(Math.abs(Math.log(other.predicted / viewsAtHorizon(1)))).toBeLessThan(0.25);
  });
});
