// How numbers read in replies, for core (digest, charts, analyses) and the adapters alike: one rule per kind of
// figure. Replies carry formatted text; `Reply.data` carries the raw values. Unknown (null) reads as a dash,
// never as zero.

const dash = '—';

export function formatCount(value: number | null): string {
  return value === null ? dash : Math.round(value).toLocaleString('en-US');
}

/** A fraction (0.042) as a percentage ("4.2%"). */
export function formatFraction(value: number | null, digits = 1): string {
  return value === null ? dash : `${(value * 100).toFixed(digits)}%`;
}

/** A value already in percent (57.3) as "57.3%". */
export function formatPercent(value: number | null, digits = 1): string {
  return value === null ? dash : `${value.toFixed(digits)}%`;
}

const twoSignificant = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 2 });

/**
 * A multiplier with at most two significant digits below 10 ("0.04×", "0.53×", "1.2×") and whole from there
 * ("12×"): a fixed decimal would show 0.04× as "0.0×", a zero where the figure is small but known.
 */
export function formatRatio(value: number | null): string {
  if (value === null) return dash;
  return value >= 9.95 ? `${formatCount(value)}×` : `${twoSignificant.format(value)}×`;
}

/** A percentage as a signed whole change: 38.2 → "+38%", −12 → "−12%" (a true minus sign). */
export function formatSignedPercent(percent: number): string {
  const rounded = Math.round(percent);
  return `${rounded >= 0 ? '+' : '−'}${Math.abs(rounded)}%`;
}

/** A relative change (current ÷ before − 1) as "+38%" / "−12%". */
export function formatChange(change: number): string {
  return formatSignedPercent(change * 100);
}

/** The whole percentage change in views a log effect stands for: 0.32 → 38. */
export function logEffectPercent(effect: number): number {
  // + 0: a tiny negative effect rounds to −0, which JSON (chart configs) turns into 0; it is 0 everywhere.
  return Math.round((Math.exp(effect) - 1) * 100) + 0;
}

/** A log effect as a signed percentage change in views: 0.32 → "+38%". */
export function formatLogEffect(effect: number): string {
  return formatSignedPercent(logEffectPercent(effect));
}

/**
 * An interval's bound: whole percent, but a bound under ±0.5 % keeps its sign and one decimal. Whether it is clear
 * of zero is what a confidence label rests on; "[−29%, +0%] medium" read as a contradiction for a bound at −0.3 %.
 */
function formatBound(effect: number): string {
  if (effect === 0 || logEffectPercent(effect) !== 0) return formatLogEffect(effect);
  return `${effect > 0 ? '+' : '−'}${Math.abs((Math.exp(effect) - 1) * 100).toFixed(1)}%`;
}

/** "+38% [+12%, +70%]": an effect with its 80 % interval, read the same wherever it is shown. */
export function formatEffect(estimate: { effect: number; low: number; high: number }): string {
  return `${formatLogEffect(estimate.effect)} [${formatBound(estimate.low)}, ${formatBound(estimate.high)}]`;
}

export function formatDate(value: Date | null): string {
  return value === null ? dash : value.toISOString().slice(0, 10);
}
