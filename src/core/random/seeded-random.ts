// A small seeded PRNG (sfc32, seeded through splitmix32) so demo data, tests and the bandit's draws are
// reproducible. Never use Math.random() where results must be repeatable.

export type Seed = number | string;

/** FNV-1a over the seed's text: any integer or string becomes a 32-bit starting value. */
function hashSeed(seed: Seed): number {
  const text = typeof seed === 'number' ? `n:${seed}` : `s:${seed}`;
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  }
  return hash >>> 0;
}

/** splitmix32 spreads one 32-bit value over the four sfc32 state words, so similar seeds diverge at once. */
function splitmix32(state: number): () => number {
  let current = state;
  return () => {
    current = (current + 0x9e3779b9) | 0;
    let z = current;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export class SeededRandom {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: Seed) {
    const mix = splitmix32(hashSeed(seed));
    this.a = mix();
    this.b = mix();
    this.c = mix();
    this.d = mix();
    // Discard the first outputs: sfc32 needs a few rounds to mix its state.
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** Next raw 32-bit unsigned integer (sfc32 step). */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform float in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Independent generator derived from this one's next output and a label (separate streams stay stable). */
  fork(label: string): SeededRandom {
    return new SeededRandom(`${this.nextUint32()}:${label}`);
  }

  /** Uniform float in [min, max). */
  uniform(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) {
      throw new RangeError(`int(${min}, ${max}) needs integers with min <= max`);
    }
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** true with the given probability. */
  chance(probability: number): boolean {
    return this.next() < probability;
  }

  /** Normal sample (Box–Muller; 1 - next() keeps the logarithm finite). */
  normal(mean = 0, sd = 1): number {
    const radius = Math.sqrt(-2 * Math.log(1 - this.next()));
    return mean + sd * radius * Math.cos(2 * Math.PI * this.next());
  }

  /** Log-normal sample: exp of a normal with mean mu and sd sigma (median e^mu). */
  logNormal(mu: number, sigma: number): number {
    return Math.exp(this.normal(mu, sigma));
  }

  /** Pareto (type I) sample ≥ scale; smaller shape means a heavier tail (infinite mean when shape ≤ 1). */
  pareto(scale: number, shape: number): number {
    return scale / (1 - this.next()) ** (1 / shape);
  }

  /** Uniformly chosen element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick() needs a non-empty array');
    return items[this.int(0, items.length - 1)] as T;
  }

  /** Element chosen with probability proportional to its non-negative weight. */
  weightedPick<T>(items: readonly T[], weights: readonly number[]): T {
    if (items.length === 0 || items.length !== weights.length) {
      throw new RangeError('weightedPick() needs as many weights as items, and at least one item');
    }
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    if (!(total > 0)) throw new RangeError('weightedPick() needs a positive total weight');
    let remaining = this.next() * total;
    for (let i = 0; i < items.length; i++) {
      remaining -= weights[i] as number;
      if (remaining < 0) return items[i] as T;
    }
    return items[items.length - 1] as T;
  }

  /** Shuffled copy (Fisher–Yates); the input is left untouched. */
  shuffle<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
    }
    return copy;
  }
}
