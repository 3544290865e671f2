import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AnalyticsVideo } from '../../src/core/analytics/analytics-video.js';
import {
  FATIGUE_WINDOW,
  orderedEvidenceWeights,
  repetition,
  videosInOrder,
} from '../../src/core/analytics/evidence-history.js';
import { blankVideo } from '../support/analytics-videos.js';

const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 1);

/** Each video's weight by id: its place in the channel's order, or the undated weight. */
function evidenceWeights(videos: readonly AnalyticsVideo[], halfLife: number): Map<string, number> {
  const ordered = videosInOrder(videos);
  const { weights, undated } = orderedEvidenceWeights(ordered, halfLife);
  const byId = new Map(videos.map((video) => [video.id, undated]));
  ordered.forEach((video, at) => {
    byId.set(video.id, weights[at] as number);
  });
  return byId;
}

describe('evidence weights: recent videos weigh more', () => {
  it('halves every half-life of newer videos, whatever order the videos come in', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 60 }),
        (days, halfLife) => {
          const videos = days.map((day, i) => blankVideo({ id: `v${i}`, publishedAt: new Date(START + day * DAY) }));
          const weights = evidenceWeights(videos, halfLife);
          for (const video of videos) {
            const at = (video.publishedAt as Date).getTime();
            const newer = videos.filter((other) => (other.publishedAt as Date).getTime() > at).length;
            expect(weights.get(video.id)).toBeCloseTo(2 ** (-newer / halfLife), 12);
          }
          const reversed = evidenceWeights([...videos].reverse(), halfLife);
          expect([...reversed].sort()).toEqual([...weights].sort());
        },
      ),
      { numRuns: 80 },
    );
  });

  it('weighs everything 1 with a half-life of 0, and an undated video as the middle one', () => {
    const videos = Array.from({ length: 9 }, (_, i) =>
      blankVideo({ id: `v${i}`, publishedAt: new Date(START + i * DAY) }),
    );
    const undated = blankVideo({ id: 'undated', publishedAt: null });
    expect([...evidenceWeights([...videos, undated], 0).values()].every((weight) => weight === 1)).toBe(true);
    const weights = evidenceWeights([...videos, undated], 3);
    expect(weights.get('undated')).toBe(weights.get('v4'));
    expect(weights.get('v8')).toBe(1);
    expect(weights.get('v5')).toBeCloseTo(0.5, 12);
  });
});

describe('repetition: the recent same-topic count', () => {
  it('counts the same topic among the previous videos, the last one 1, then ½, ¼…', () => {
    const topics = ['a', 'b', 'a', 'a', null, 'a'];
    expect(repetition(topics, 6, 'a')).toBe(1 + 0.25 + 0.125);
    expect(repetition(topics, 6, 'b')).toBe(0.0625);
    expect(repetition(topics, 6, 'c')).toBe(0);
    expect(repetition(topics, 3, 'a')).toBe(1.25);
    expect(repetition(topics, 6, null)).toBe(0);
  });

  it('is between 0 and 2, and 0 when the topic is absent from the window', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'b', 'c', null), { maxLength: 30 }),
        fc.constantFrom('a', 'b'),
        (topics, topic) => {
          const value = repetition(topics, topics.length, topic);
          expect(value).toBeGreaterThanOrEqual(0);
          expect(value).toBeLessThan(2);
          expect(value === 0).toBe(!topics.slice(-FATIGUE_WINDOW).includes(topic));
        },
      ),
    );
  });
});
