import type { EffectEstimate } from '../analytics/effect-estimate.js';
import { formatSignedPercent, logEffectPercent } from '../format/numbers.js';
import { baseOptions, CHART_COLORS, CHART_SIZE, type ChartSpec } from './chart-spec.js';

export interface TopicEffectsChartInput {
  /** Effects of the topics with enough videos, as the pattern engine gives them (largest first). */
  effects: EffectEstimate[];
  /** Display name of a topic group id. */
  label(group: string): string;
  /** At most this many topics are drawn. */
  limit?: number;
}

/**
 * Topic effects on views as horizontal bars (the estimate) over their 80 % intervals (the wide pale bars),
 * in percent change against the channel's average. Null when no topic has enough videos.
 */
export function topicEffectsChart(input: TopicEffectsChartInput): ChartSpec | null {
  const shown = input.effects.slice(0, input.limit ?? 8);
  if (shown.length === 0) return null;
  const labels = shown.map((estimate) => `${input.label(estimate.group)} (n=${estimate.n})`);
  const estimates = shown.map((estimate) => logEffectPercent(estimate.effect));
  const alt = `Topic effects on views with 80% intervals: ${shown
    .map(
      (estimate, i) =>
        `${input.label(estimate.group)} ${formatSignedPercent(estimates[i] as number)} [${formatSignedPercent(logEffectPercent(estimate.low))}, ${formatSignedPercent(logEffectPercent(estimate.high))}] (n=${estimate.n})`,
    )
    .join('; ')}.`;
  return {
    name: 'topics.png',
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
        ...baseOptions('Topic effects on views (vs channel average, 80% intervals)'),
        indexAxis: 'y',
        scales: { x: { title: { display: true, text: 'Change in age-adjusted views (%)' } } },
      },
    },
  };
}
