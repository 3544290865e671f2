// Numbers come from code: every figure an LLM states about the channel must be one it was given. A stated
// number is grounded when some given number rounds to it at the precision it was written with, in the same
// magnitude (12k ↔ 12,345; 38% ↔ 38.4%; 1.4× ↔ 1.38). Signs are ignored ("−38%" and "38% fewer" say the same).

/** Bare whole numbers up to this are prose ("two strengths", "3 beats"), not claims about the channel. */
const PROSE_INTEGER_MAX = 10;

export interface StatedNumber {
  /** As written, e.g. "12.5k". */
  text: string;
  /** Its value after the magnitude suffix, without sign: 12500. */
  value: number;
  /** Half a unit of its last written digit, in the same scale as `value`: 50 for "12.5k". */
  tolerance: number;
  /** Written with a unit (%, ×, k, M, s) or decimals: then it is a figure even when small. */
  hasUnit: boolean;
}

const NUMBER = /(?<![\p{L}\d.,])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*(k|K|M|m|%|×|x|s)?(?![\p{L}\d])/gu;

/** Every number written in a text, with the precision it was written at. */
export function statedNumbers(text: string): StatedNumber[] {
  const found: StatedNumber[] = [];
  for (const match of text.matchAll(NUMBER)) {
    const [whole, integer = '', decimals = '', suffix = ''] = match;
    const scale = suffix === 'k' || suffix === 'K' ? 1e3 : suffix === 'M' || suffix === 'm' ? 1e6 : 1;
    const digits = `${integer.replaceAll(',', '')}${decimals ? `.${decimals}` : ''}`;
    found.push({
      text: whole.trim(),
      value: Number.parseFloat(digits) * scale,
      tolerance: 0.5 * 10 ** -decimals.length * scale,
      hasUnit: suffix !== '' || decimals !== '',
    });
  }
  return found;
}

/** The distinct values of every number in the given data texts. */
export function givenNumbers(texts: readonly string[]): number[] {
  const values = new Set<number>();
  for (const text of texts) for (const stated of statedNumbers(text)) values.add(stated.value);
  return [...values];
}

function grounded(stated: StatedNumber, given: readonly number[]): boolean {
  // A tiny epsilon absorbs binary floating point (0.5 of 0.1 is not exactly 0.05).
  const tolerance = stated.tolerance * (1 + 1e-9);
  return given.some((value) => Math.abs(Math.abs(value) - stated.value) <= tolerance);
}

/** The numbers in `texts` that match none of `given` (small bare integers excepted): empty when grounded. */
export function ungroundedNumbers(texts: readonly string[], given: readonly number[]): string[] {
  const problems: string[] = [];
  for (const text of texts) {
    for (const stated of statedNumbers(text)) {
      if (!stated.hasUnit && Number.isInteger(stated.value) && stated.value <= PROSE_INTEGER_MAX) continue;
      if (!grounded(stated, given)) problems.push(stated.text);
    }
  }
  return [...new Set(problems)];
}
