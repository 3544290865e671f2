import { describe, expect, it } from 'vitest';
import { describeStaleness, formatAsOf } from '../../src/core/format/as-of.js';
import { formatMoment } from '../../src/core/format/moments.js';
import { formatChange, formatLogEffect, formatRatio, logEffectPercent } from '../../src/core/format/numbers.js';

describe('formatting of figures', () => {
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
