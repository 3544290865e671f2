import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { effectConfidence } from '../../src/core/analytics/effect-model.js';
import { describeStaleness, formatAsOf } from '../../src/core/format/as-of.js';
import { formatMoment } from '../../src/core/format/moments.js';
import {
  formatChange,
  formatEffect,
  formatLogEffect,
  formatRatio,
  logEffectPercent,
} from '../../src/core/format/numbers.js';
import { Z80 } from '../../src/core/stats/summary-statistics.js';

describe('formatting of figures', () => {
  it('shows an interval clear of zero clear of zero: a bound under ±0.5 % keeps its sign and a decimal', () => {
    // The demo's 10:00 posting hour read "−16% [−29%, +0%] medium": its upper bound was −0.3 %.
    expect(formatEffect({ effect: -0.17, low: -0.34, high: -0.003 })).toBe('−16% [−29%, −0.3%]');
    expect(formatEffect({ effect: 0.2, low: 0.001, high: 0.4 })).toBe('+22% [+0.1%, +49%]');
    expect(formatEffect({ effect: 0, low: -0.1, high: 0 })).toBe('+0% [−10%, +0%]');
    fc.assert(
      fc.property(
        fc.double({ min: -2, max: 2, noNaN: true }),
        fc.double({ min: 1e-6, max: 1, noNaN: true }),
        (effect, sd) => {
          const level = effectConfidence(20, effect, sd);
          const shown = formatEffect({ effect, low: effect - Z80 * sd, high: effect + Z80 * sd });
          const bounds = shown.slice(shown.indexOf('[') + 1, -1).split(', ');
          if (level === 'medium' || level === 'high') {
            // Both bounds on the effect's side of zero, as printed.
            for (const bound of bounds) expect(bound.startsWith(effect > 0 ? '+' : '−')).toBe(true);
          }
        },
      ),
    );
  });

  it('keeps two significant digits of a small ratio instead of rounding it to zero', () => {
    expect(formatRatio(0.04)).toBe('0.04×');
    expect(formatRatio(0.0432)).toBe('0.043×');
    expect(formatRatio(0.5)).toBe('0.5×');
    expect(formatRatio(1.23)).toBe('1.2×');
    expect(formatRatio(9.96)).toBe('10×');
    expect(formatRatio(15.87)).toBe('16×');
    expect(formatRatio(1234.5)).toBe('1,235×');
    expect(formatRatio(null)).toBe('—');
  });

  it('reads changes and log effects as signed whole percentages with a true minus', () => {
    expect(formatChange(0.382)).toBe('+38%');
    expect(formatChange(-1)).toBe('−100%');
    expect(logEffectPercent(Math.log(1.38))).toBe(38);
    expect(formatLogEffect(Math.log(0.88))).toBe('−12%');
    expect(formatLogEffect(0)).toBe('+0%');
  });

  it('states the as-of time in the channel’s timezone, and its staleness against the wall clock', () => {
    const asOf = new Date('2026-12-06T14:00:00Z');
    expect(formatMoment(asOf, 'UTC')).toBe('6 Dec 2026 14:00 UTC');
    expect(formatMoment(asOf, 'Europe/Berlin')).toBe('6 Dec 2026 15:00 CET');
    expect(describeStaleness(asOf, new Date('2026-12-06T14:20:00Z'))).toBe('(less than an hour ago)');
    expect(describeStaleness(asOf, new Date('2026-12-07T13:00:00Z'))).toBe('(23 hours ago)');
    expect(formatAsOf(asOf, 'UTC', new Date('2026-12-09T15:00:00Z'))).toBe(
      'as of 6 Dec 2026 14:00 UTC (3 days ago — run /refresh or import a newer export)',
    );
    expect(formatAsOf(null, 'UTC', asOf)).toMatch(/^no stats reading yet — /);
  });
});
