import type { EffectEstimate } from '../analytics/effect-estimate.js';
import { formatSignedPercent, logEffectPercent } from '../format/numbers.js';
import { baseOptions, CHART_COLORS, CHART_SIZE, type ChartSpec } from './chart-spec.js';

// Effects of the channel effect model as horizontal bars (the estimate) over their 80 % intervals (the wide pale
// bars), in percent change against the channel's average video: the digest's topic and posting-time charts.

export interface EffectsChartInput {
  /** Estimates of the groups with enough videos, in the order to draw them. */
  effects: EffectEstimate[];
  /** Display name of a group id. */
  label(group: string): string;
  /** File name, e.g. "topics.png". */
  name: string;
  /** What the groups are, e.g. "Topic effects" or "Posting-time effects (Europe/Berlin)". */
  subject: string;
  /** Said after the alt text's figures, e.g. why some videos are left out. */
  note?: string;
  /** At most this many groups are drawn. */
  limit?: number;
}

/** Null when no group has enough videos. */
export function effectsChart(input: EffectsChartInput): ChartSpec | null {
  const shown = input.effects.slice(0, input.limit ?? 12);
  if (shown.length === 0) return null;
  const labels = shown.map((estimate) => `${input.label(estimate.group)} (n=${estimate.n})`);
  const estimates = shown.map((estimate) => logEffectPercent(estimate.effect));
  const alt = `${input.subject} on views with 80% intervals: ${shown
    .map(
      (estimate, i) =>
        `${input.label(estimate.group)} ${formatSignedPercent(estimates[i] as number)} [${formatSignedPercent(logEffectPercent(estimate.low))}, ${formatSignedPercent(logEffectPercent(estimate.high))}] (n=${estimate.n}, ${estimate.confidence} confidence)`,
    )
    .join('; ')}.${input.note ? ` ${input.note}` : ''}`;
  return {
    name: input.name,
    alt,
    ...CHART_SIZE,
    config: {
      type: 'bar',
      data: {
        labels,
        datasets: [
          {
            label: '80% interval',
            data: shown.map((estimate) => [logEffectPercent(estimate.low), logEffectPercent(estimate.high)]),
            backgroundColor: CHART_COLORS.interval,
            barPercentage: 0.8,
            grouped: false,
          },
          {
            label: 'Estimated effect',
            data: estimates,
            backgroundColor: estimates.map((percent) => (percent >= 0 ? CHART_COLORS.positive : CHART_COLORS.negative)),
            barPercentage: 0.3,
            grouped: false,
          },
        ],
      },
      options: {
        ...baseOptions(`${input.subject} on views (vs channel average, 80% intervals)`),
        indexAxis: 'y',
        scales: { x: { title: { display: true, text: 'Change in views (%)' } } },
      },
    },
  };
}
