// Cross-channel learning: for a team with several channels, one pattern group (say topic "eggs") has an effect
// on each channel. The team-wide effect μ is the random-effects mean of the channels' own effects; each channel's
// estimate is pulled toward it in proportion to how little evidence the channel has:
//
//   estimate_c = μ + B_c (d_c − μ),   B_c = τ² / (τ² + σ_c²/n_c)
//
// with d_c the channel's own effect, σ_c² its within-group variance and τ² the spread of true effects between
// channels (DerSimonian–Laird). A new channel (n = 0) starts from μ; its own data takes over as n grows.

/** τ² floor: no two audiences are identical, so enough own data always outweighs the team. */
export const MIN_BETWEEN_CHANNEL_VARIANCE = 0.01;

export interface ChannelGroupEvidence {
  channel: string;
  /** The channel's videos in the group (0 when it has not tried it). */
  n: number;
  /** The channel's own effect for the group: group mean minus channel mean, ln units. Ignored when n is 0. */
  effect: number;
  /** The channel's within-group variance of ln views (σ_c²). */
  withinVariance: number;
}

export type EvidenceSource = 'team-wide' | 'blend' | 'this channel';

export interface PooledEstimate {
  channel: string;
  n: number;
  /** The channel's own effect; null when it has no videos in the group. */
  own: number | null;
  estimate: number;
  sd: number;
  /** B_c: the weight of the channel's own data, 0 … 1. */
  ownWeight: number;
  source: EvidenceSource;
}

export interface TeamEffect {
  /** μ; null when no channel has videos in the group. */
  teamEffect: number | null;
  teamSd: number | null;
  betweenChannelVariance: number;
  channels: PooledEstimate[];
}

function sourceOf(ownWeight: number): EvidenceSource {
  if (ownWeight < 0.25) return 'team-wide';
  return ownWeight > 0.75 ? 'this channel' : 'blend';
}

/** Pools one group's effects across a team's channels (see the file comment). */
export function poolAcrossChannels(evidence: readonly ChannelGroupEvidence[]): TeamEffect {
  const observed = evidence
    .filter((item) => item.n > 0 && Number.isFinite(item.effect) && item.withinVariance > 0)
    .map((item) => ({ ...item, variance: item.withinVariance / item.n }));
  if (observed.length === 0) {
    return {
      teamEffect: null,
      teamSd: null,
      betweenChannelVariance: MIN_BETWEEN_CHANNEL_VARIANCE,
      channels: evidence.map((item) => ({
        channel: item.channel,
        n: item.n,
        own: null,
        estimate: 0,
        sd: Number.POSITIVE_INFINITY,
        ownWeight: 0,
        source: 'team-wide',
      })),
    };
  }
  // DerSimonian–Laird: fixed-effect weights, Cochran's Q, then τ² by the method of moments.
  let weightSum = 0;
  let weightSquaredSum = 0;
  let weightedEffects = 0;
  for (const item of observed) {
    const weight = 1 / item.variance;
    weightSum += weight;
    weightSquaredSum += weight * weight;
    weightedEffects += weight * item.effect;
  }
  const fixedMean = weightedEffects / weightSum;
  const q = observed.reduce((sum, item) => sum + (item.effect - fixedMean) ** 2 / item.variance, 0);
  const denominator = weightSum - weightSquaredSum / weightSum;
  const momentEstimate = denominator > 0 ? (q - (observed.length - 1)) / denominator : 0;
  const tau2 = Math.max(MIN_BETWEEN_CHANNEL_VARIANCE, momentEstimate);

  let randomWeightSum = 0;
  let randomWeighted = 0;
  for (const item of observed) {
    const weight = 1 / (item.variance + tau2);
    randomWeightSum += weight;
    randomWeighted += weight * item.effect;
  }
  const teamEffect = randomWeighted / randomWeightSum;
  const teamVariance = 1 / randomWeightSum;

  const channels = evidence.map((item): PooledEstimate => {
    const usable = item.n > 0 && Number.isFinite(item.effect) && item.withinVariance > 0;
    if (!usable) {
      return {
        channel: item.channel,
        n: item.n,
        own: null,
        estimate: teamEffect,
        sd: Math.sqrt(tau2 + teamVariance),
        ownWeight: 0,
        source: 'team-wide',
      };
    }
    const variance = item.withinVariance / item.n;
    const ownWeight = tau2 / (tau2 + variance);
    return {
      channel: item.channel,
      n: item.n,
      own: item.effect,
      estimate: teamEffect + ownWeight * (item.effect - teamEffect),
      // Posterior variance of the channel's effect given μ, plus μ's own uncertainty carried at (1 − B)².
      sd: Math.sqrt(ownWeight * variance + (1 - ownWeight) ** 2 * teamVariance),
      ownWeight,
      source: sourceOf(ownWeight),
    };
  });
  return { teamEffect, teamSd: Math.sqrt(teamVariance), betweenChannelVariance: tau2, channels };
}
