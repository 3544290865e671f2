// How numbers read in replies. Replies carry formatted text; `Reply.data` carries the raw values.

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

export function formatRatio(value: number | null): string {
  return value === null ? dash : `${value.toFixed(value >= 10 ? 0 : 1)}×`;
}

export function formatDate(value: Date | null): string {
  return value === null ? dash : value.toISOString().slice(0, 10);
}
