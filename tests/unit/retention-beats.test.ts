import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { givenNumbers, ungroundedNumbers } from '../../src/core/ai/number-grounding.js';
import { beatPacing } from '../../src/core/ai/script-writer.js';
import { type RetentionCurve, retentionCurve } from '../../src/core/analytics/analytics-video.js';
import { MIN_GROUP_VIDEOS } from '../../src/core/analytics/effect-model.js';
import {
  type BeatKind,
  beatKind,
  beatKindLosses,
  type RetentionByBeat,
  retentionByBeat,
  type ScriptBeat,
  scriptedRetention,
} from '../../src/core/analytics/retention-beats.js';
import type { RetentionDip } from '../../src/core/analytics/retention-key-points.js';
import { blankVideo } from '../support/analytics-videos.js';

/** 100 samples at ratio 0.01 … 1: in a 100-second video, sample k is read at second k. */
const watchRatiosArbitrary = fc.array(fc.double({ min: 0, max: 1.2, noNaN: true }), {
  minLength: 100,
  maxLength: 100,
});

function curveOf(watchRatios: readonly number[]): RetentionCurve {
  return retentionCurve(watchRatios.map((watchRatio, index) => ({ ratio: (index + 1) / 100, watchRatio })));
}

/** Beats from sorted whole-second cut points: consecutive pairs, each beat kept unless `dropped`. */
function beatsBetween(cuts: readonly number[], dropped: readonly boolean[] = []): ScriptBeat[] {
  return cuts
    .slice(1)
    .flatMap((endS, index) =>
      dropped[index] ? [] : [{ startS: cuts[index] as number, endS, voiceover: `line ${index + 1}` }],
    );
}

const cutsArbitrary = (durationS: number) =>
  fc
    .uniqueArray(fc.integer({ min: 1, max: durationS - 1 }), { minLength: 2, maxLength: 7 })
    .map((inner) => [0, ...inner.sort((a, b) => a - b), durationS]);

/** Dips with whole-second starts and odd lengths: their middles fall on half seconds, never on a beat's edge. */
const dipsArbitrary = (durationS: number) =>
  fc.array(
    fc
      .tuple(fc.integer({ min: 0, max: durationS - 1 }), fc.integer({ min: 0, max: 10 }))
      .map(([startS, half]) => ({ startS, endS: Math.min(durationS, startS + 2 * half + 1) }))
      .filter((dip) => (dip.endS - dip.startS) % 2 === 1)
      .map((dip): RetentionDip => ({ ...dip, drop: 0.05, typicalDrop: 0.01 })),
    { maxLength: 6 },
  );

const mappedDips = (mapped: RetentionByBeat) => mapped.beats.flatMap((beat) => beat.dips);

describe('retentionByBeat', () => {
  it('maps every dip inside the video to exactly one beat: the one holding its middle', () => {
    fc.assert(
      fc.property(watchRatiosArbitrary, cutsArbitrary(100), dipsArbitrary(100), (watchRatios, cuts, dips) => {
        const beats = beatsBetween(cuts);
        const mapped = retentionByBeat(curveOf(watchRatios), 100, beats, dips);
        expect(mapped?.outside).toEqual([]);
        for (const dip of dips) {
          const holders = mapped?.beats.filter((beat) => beat.dips.includes(dip)) ?? [];
          expect(holders).toHaveLength(1);
          const middle = (dip.startS + dip.endS) / 2;
          expect(holders[0]?.startS).toBeLessThan(middle);
          expect(holders[0]?.endS).toBeGreaterThan(middle);
        }
        expect(mappedDips(mapped as RetentionByBeat)).toHaveLength(dips.length);
      }),
    );
  });

  it('gives each beat the loss read off the curve at its edges, summing to the loss over the beats’ span', () => {
    fc.assert(
      fc.property(watchRatiosArbitrary, cutsArbitrary(100), (watchRatios, cuts) => {
        // Second k of the 100-second video is sample k; second 0 is before the first sample and takes its value.
        const at = (seconds: number) => watchRatios[Math.max(1, seconds) - 1] as number;
        const beats = beatsBetween(cuts);
        const mapped = retentionByBeat(curveOf(watchRatios), 100, beats, []) as RetentionByBeat;
        mapped.beats.forEach((beat, index) => {
          expect(beat.lost).toBeCloseTo(at(cuts[index] as number) - at(cuts[index + 1] as number), 12);
        });
        const total = mapped.beats.reduce((sum, beat) => sum + beat.lost, 0);
        expect(mapped.overall).toMatchObject({ startS: 0, endS: 100 });
        expect(mapped.overall.lost).toBeCloseTo(at(0) - at(100), 12);
        expect(total).toBeCloseTo(mapped.overall.lost, 12);
      }),
    );
  });

  it('reports dips between beats or after the script’s end as outside, and no others', () => {
    fc.assert(
      fc.property(
        watchRatiosArbitrary,
        cutsArbitrary(100),
        fc.array(fc.boolean(), { maxLength: 8 }),
        dipsArbitrary(100),
        (watchRatios, cuts, dropped, dips) => {
          // The script may stop before the video does: its last cut is moved in from the end.
          const shortened = [...cuts.slice(0, -1), Math.max((cuts.at(-2) as number) + 1, 90)];
          const beats = beatsBetween(shortened, dropped);
          fc.pre(beats.length > 0);
          const mapped = retentionByBeat(curveOf(watchRatios), 100, beats, dips) as RetentionByBeat;
          const inBeat = (dip: RetentionDip) =>
            beats.some((beat) => beat.startS < (dip.startS + dip.endS) / 2 && (dip.startS + dip.endS) / 2 < beat.endS);
          expect(mapped.outside).toEqual(dips.filter((dip) => !inBeat(dip)));
          expect(mappedDips(mapped).length + mapped.outside.length).toBe(dips.length);
        },
      ),
    );
  });

  it('is null without a duration, a curve or beats', () => {
    const beats = beatsBetween([0, 3, 10]);
    const curve = curveOf(Array.from({ length: 100 }, () => 0.5));
    expect(retentionByBeat(curve, null, beats, [])).toBeNull();
    expect(retentionByBeat(retentionCurve([]), 30, beats, [])).toBeNull();
    expect(retentionByBeat(curve, 30, [], [])).toBeNull();
  });
});

describe('beatKind', () => {
  it('names beats by position: hook first, cta last of four or more, payoff before it, setup between', () => {
    const kinds = (count: number) => Array.from({ length: count }, (_, index) => beatKind(index, count));
    expect(kinds(3)).toEqual(['hook', 'setup', 'payoff']);
    expect(kinds(4)).toEqual(['hook', 'setup', 'payoff', 'cta']);
    expect(kinds(6)).toEqual(['hook', 'setup', 'setup', 'setup', 'payoff', 'cta']);
  });
});

/** A scripted video's retention with the given loss in each beat (kinds by position). */
function video(losses: readonly number[]): RetentionByBeat {
  return {
    beats: losses.map((lost, index) => ({
      index,
      kind: beatKind(index, losses.length),
      startS: index * 10,
      endS: index * 10 + 10,
      voiceover: '',
      lost,
      dips: [],
    })),
    outside: [],
    overall: { startS: 0, endS: losses.length * 10, lost: losses.reduce((sum, lost) => sum + lost, 0) },
  };
}

describe('beatKindLosses', () => {
  it('gives the mean loss per kind over videos, a video’s setup beats counted together, largest first', () => {
    const videos = [
      ...Array.from({ length: MIN_GROUP_VIDEOS - 1 }, () => video([0.3, 0.1, 0.05, 0.1, 0.02])),
      video([0.2, 0.2, 0.1, 0.05, 0.04]),
    ];
    const losses = beatKindLosses(videos);
    expect(losses.map((loss) => loss.kind)).toEqual(['hook', 'setup', 'payoff', 'cta'] satisfies BeatKind[]);
    const mean = (first: number, last: number) => ((MIN_GROUP_VIDEOS - 1) * first + last) / MIN_GROUP_VIDEOS;
    const byKind = new Map(losses.map((loss) => [loss.kind, loss]));
    expect(byKind.get('hook')).toEqual({
      kind: 'hook',
      n: MIN_GROUP_VIDEOS,
      meanLost: expect.closeTo(mean(0.3, 0.2), 12),
    });
    expect(byKind.get('setup')).toHaveProperty('meanLost', expect.closeTo(mean(0.15, 0.3), 12));
    expect(byKind.get('payoff')).toHaveProperty('meanLost', expect.closeTo(mean(0.1, 0.05), 12));
    expect(byKind.get('cta')).toHaveProperty('meanLost', expect.closeTo(mean(0.02, 0.04), 12));
  });

  it('says "not enough data yet" below MIN_GROUP_VIDEOS videos, after the measured kinds', () => {
    const videos = [
      ...Array.from({ length: MIN_GROUP_VIDEOS }, () => video([0.1, 0.2, 0.05])),
      ...Array.from({ length: MIN_GROUP_VIDEOS - 2 }, () => video([0.1, 0.2, 0.05, 0.3])),
    ];
    const losses = beatKindLosses(videos);
    const total = 2 * MIN_GROUP_VIDEOS - 2;
    expect(losses.map((loss) => [loss.kind, loss.n])).toEqual([
      ['setup', total],
      ['hook', total],
      ['payoff', total],
      ['cta', MIN_GROUP_VIDEOS - 2],
    ]);
    expect(losses.at(-1)).toEqual({
      kind: 'cta',
      n: MIN_GROUP_VIDEOS - 2,
      insufficient: `not enough data yet (n=${MIN_GROUP_VIDEOS - 2})`,
    });
    expect(beatKindLosses([])).toEqual([]);
  });
});

describe('beatPacing', () => {
  it('gives the writer figures the number grounding guard accepts when quoted, and no others', () => {
    const videos = Array.from({ length: MIN_GROUP_VIDEOS }, (_, index) => video([0.12 + index * 0.01, 0.2, 0.05]));
    const pacing = beatPacing(beatKindLosses(videos));
    expect(pacing[0]).toEqual({ beat: 'setup', mean_viewers_lost: '20%', videos: MIN_GROUP_VIDEOS });
    expect(pacing[1]).toEqual({ beat: 'hook', mean_viewers_lost: '14%', videos: MIN_GROUP_VIDEOS });
    const given = givenNumbers({ beat_pacing: pacing });
    expect(
      ungroundedNumbers([`Hooks lose 14% of viewers over ${MIN_GROUP_VIDEOS} videos; setups 20%.`], given),
    ).toEqual([]);
    expect(ungroundedNumbers(['Hooks lose 17% of viewers.'], given)).toEqual(['17%']);
  });
});

describe('scriptedRetention', () => {
  it('maps the dips retentionKeyPoints finds on a scripted video’s curve to its beats, and skips the others', () => {
    // A 10-point fall between 50 % and 53 % of a 100-second video, on a steady decline.
    const dropped = Array.from({ length: 100 }, (_, index) => {
      const ratio = (index + 1) / 100;
      return {
        ratio,
        watchRatio: 1 - 0.2 * ratio - (ratio > 0.53 ? 0.1 : ratio > 0.5 ? ((ratio - 0.5) / 0.03) * 0.1 : 0),
      };
    });
    const scripted = blankVideo({ id: 'scripted', durationS: 100, retention: dropped });
    const unscripted = blankVideo({ id: 'unscripted', durationS: 100, retention: dropped });
    const noCurve = blankVideo({ id: 'no-curve', durationS: 100 });
    const beats = beatsBetween([0, 3, 40, 90, 100]);
    const mapped = scriptedRetention(
      [scripted, unscripted, noCurve],
      new Map([
        ['scripted', beats],
        ['no-curve', beats],
      ]),
    );
    expect(mapped).toHaveLength(1);
    const payoff = mapped[0]?.beats[2];
    expect(payoff).toMatchObject({ index: 2, kind: 'payoff', startS: 40, endS: 90, voiceover: 'line 3' });
    expect(payoff?.dips).toHaveLength(1);
    // The steady decline over 50 s (10 points) and the fall (10 points).
    expect(payoff?.lost).toBeCloseTo(0.2, 6);
    expect(mapped[0]?.beats.filter((beat) => beat.dips.length > 0)).toHaveLength(1);
  });
});
