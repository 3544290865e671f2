import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { studentTCdf, studentTQuantile } from '../../src/core/stats/student-t.js';
import { Z80 } from '../../src/core/stats/summary-statistics.js';

describe("Student's t", () => {
  it('gives the printed tables’ quantiles (two-sided 80 % and 95 %)', () => {
    const table: [number, number, number][] = [
      [1, 3.0777, 12.7062],
      [2, 1.8856, 4.3027],
      [3, 1.6377, 3.1824],
      [5, 1.4759, 2.5706],
      [10, 1.3722, 2.2281],
      [30, 1.3104, 2.0423],
      [120, 1.2886, 1.9799],
    ];
    for (const [dof, t90, t975] of table) {
      expect(studentTQuantile(0.9, dof)).toBeCloseTo(t90, 3);
      expect(studentTQuantile(0.975, dof)).toBeCloseTo(t975, 3);
    }
    expect(studentTQuantile(0.9, 1e7)).toBeCloseTo(Z80, 4);
  });

  it('inverts its CDF, is odd, and narrows toward the normal as the degrees of freedom grow (fractional too)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.5, max: 200, noNaN: true }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        (dof, p) => {
          const t = studentTQuantile(p, dof);
          expect(studentTCdf(t, dof)).toBeCloseTo(p, 8);
          expect(studentTQuantile(1 - p, dof)).toBeCloseTo(-t, 6);
          expect(studentTQuantile(0.9, dof * 1.5)).toBeLessThan(studentTQuantile(0.9, dof));
          expect(studentTQuantile(0.9, dof)).toBeGreaterThan(Z80);
        },
      ),
    );
  });

  it('refuses what has no quantile', () => {
    expect(() => studentTQuantile(1, 5)).toThrow(RangeError);
    expect(() => studentTQuantile(0.9, 0)).toThrow(RangeError);
  });
});
