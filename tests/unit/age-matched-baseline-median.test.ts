import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  baselineFromIndex,
  baselineMedianFromIndex,
  indexForBaselines,
} from '../../src/core/analytics/age-matched-baseline.js';
import { DAY_MS } from '../../src/core/analytics/analytics-video.js';
import { median } from '../../src/core/stats/summary-statistics.js';
import { blankVideo } from '../support/analytics-videos.js';

const NOW = new Date('2026-06-01T00:00:00Z');

/**
 * A channel of Shorts published a day apart, each read every few days with views growing by random steps: peers
 * are read between two readings (log-log), at a reading, or along the growth curve past their last reading. Sizes
 * are drawn so that many views tie or sit next to one another, where a wrong rank would show.
 */
const channelVideos = fc
  .array(
    fc.record({
      readings: fc.array(fc.record({ gap: fc.integer({ min: 1, max: 9 }), gain: fc.integer({ min: 0, max: 40 }) }), {
        minLength: 1,
        maxLength: 6,
      }),
      scale: fc.constantFrom(1, 10, 100),
      readNow: fc.boolean(),
    }),
    { minLength: 2, maxLength: 40 },
  )
  .map((drawn) =>
    drawn.map(({ readings, scale, readNow }, position) => {
      const publishedMs = NOW.getTime() - (drawn.length - position) * 2 * DAY_MS;
      let atMs = publishedMs;
      let views = 0;
      const snapshots = readings.map(({ gap, gain }) => {
        atMs = Math.min(NOW.getTime(), atMs + gap * 0.4 * DAY_MS);
        views += gain * scale;
        return { at: new Date(atMs), views, engagedViews: null };
      });
      return blankVideo({
        id: `v${position}`,
        isShort: true,
        publishedAt: new Date(publishedMs),
        views: readNow ? views : null,
        statsAt: readNow ? NOW : null,
        snapshots,
      });
    }),
  );

describe('baselineMedianFromIndex', () => {
  it('gives the median of the full peer list, whatever guess the index holds for it', () => {
    // Each median found is kept in the index as a guess for baselines whose peers start nearby; the guess only
    // lets a median skip reading peers whose bounds rank them. Asked in any order and size, and with the guesses
    // overwritten (far off, just off, on the median, on a band edge, 0, NaN), every median must be the same
    // number, to the bit.
    fc.assert(
      fc.property(
        channelVideos,
        fc.array(
          fc.tuple(
            fc.nat(),
            fc.integer({ min: 1, max: 12 }),
            fc.oneof(fc.double({ min: 0, max: 5000, noNaN: true }), fc.constantFrom(0, 1, Number.NaN)),
          ),
          { minLength: 1, maxLength: 40 },
        ),
        (videos, asks) => {
          const index = indexForBaselines(videos, NOW);
          for (const [pick, size, drawn] of asks) {
            const target = videos[pick % videos.length] as (typeof videos)[number];
            const full = baselineFromIndex(index, target, NOW, size);
            const expected = median(full.peers.map((peer) => peer.viewsAtAge));
            const guesses = index.formats.short?.medians as Float64Array;
            for (const guess of [null, drawn, expected ?? 0, (expected ?? 0) * 1.1, (expected ?? 0) / 1.0999999]) {
              if (guess !== null) guesses.fill(guess);
              expect(baselineMedianFromIndex(index, target, NOW, size)).toEqual({
                ageDays: full.ageDays,
                median: expected,
                n: full.n,
              });
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
