// Small shaping functions the demo's growth and retention curves are drawn with.

export function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

export function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** 0 below 0, 1 above 1, an S-curve with flat ends between. */
export function smoothstep(x: number): number {
  const t = clamp(x, 0, 1);
  return t * t * (3 - 2 * t);
}
