import type { EffectEstimate } from '../analytics/effect-estimate.js';
import { MIN_GROUP_VIDEOS } from '../analytics/effect-model.js';
import { formatSignedPercent, logEffectPercent } from '../format/numbers.js';
import { baseOptions, CHART_COLORS, CHART_SIZE, type ChartSpec } from './chart-spec.js';

// Effects of the channel effect model as dot and whisker, in percent change against the channel's average
// video: the dot is the estimate, the whisker its 80 % interval, so nothing is drawn from zero across the
// interval. The dot's colour says whether the interval is clear of zero, its size how many videos back it.
// Groups under MIN_GROUP_VIDEOS videos are left out, as /trends calls them "not enough data".

export interface EffectsChartInput {
  /** Estimates of the groups, in the order to draw them. */
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

/** The colour key: which side of zero the whole interval lies on. */
const SIDES = [
  { label: 'More views (interval above 0)', color: CHART_COLORS.positive, test: (low: number) => low > 0 },
  {
    label: 'Fewer views (interval below 0)',
    color: CHART_COLORS.negative,
    test: (_: number, high: number) => high < 0,
  },
  {
    label: 'Unclear (interval includes 0)',
    color: CHART_COLORS.neutral,
    test: (low: number, high: number) => low <= 0 && high >= 0,
  },
] as const;

/** Dot radius in pixels: its area grows with the number of videos, from 4 px at the minimum. */
export function dotRadius(n: number): number {
  return Math.round(4 * Math.sqrt(Math.max(n, MIN_GROUP_VIDEOS) / MIN_GROUP_VIDEOS) * 10) / 10;
}

/** Null when no group has enough videos. */
export function effectsChart(input: EffectsChartInput): ChartSpec | null {
  const enough = input.effects.filter((estimate) => estimate.n >= MIN_GROUP_VIDEOS);
  const shown = enough.slice(0, input.limit ?? 12);
  if (shown.length === 0) return null;
  const left = input.effects.length - enough.length;
  const labels = shown.map((estimate) => `${input.label(estimate.group)} (n=${estimate.n})`);
  const percents = shown.map((estimate) => ({
    effect: logEffectPercent(estimate.effect),
    low: logEffectPercent(estimate.low),
    high: logEffectPercent(estimate.high),
  }));
  const notes = [
    ...(left > 0 ? [`${left} group(s) with fewer than ${MIN_GROUP_VIDEOS} videos are left out.`] : []),
    ...(input.note ? [input.note] : []),
  ];
  const alt = `${input.subject} on views with 80% intervals: ${shown
    .map(
      (estimate, i) =>
        `${input.label(estimate.group)} ${formatSignedPercent(percents[i]?.effect as number)} [${formatSignedPercent(percents[i]?.low as number)}, ${formatSignedPercent(percents[i]?.high as number)}] (n=${estimate.n}, ${estimate.confidence} confidence)`,
    )
    .join('; ')}.${notes.map((note) => ` ${note}`).join('')}`;
  const radii = shown.map((estimate) => dotRadius(estimate.n));
  const options = baseOptions(
    `${input.subject} on views (vs channel average)`,
    `Dot: estimate; line: 80% interval; dot size: number of videos (n, at least ${MIN_GROUP_VIDEOS})`,
  );
  return {
    name: input.name,
    alt,
    ...CHART_SIZE,
    config: {
      type: 'bar',
      data: {
        labels,
        datasets: [
          ...SIDES.map((side) => ({
            type: 'line' as const,
            label: side.label,
            // One dataset per colour, so the legend is the colour key; other groups' places stay empty. The side is
            // read on the model's log scale: exp(x) − 1 rounds a bound of −1e-18 to 0, which would call it unclear.
            data: shown.map(({ low, high }, i) => (side.test(low, high) ? (percents[i]?.effect as number) : null)),
            showLine: false,
            pointRadius: radii,
            pointHoverRadius: radii,
            backgroundColor: side.color,
            borderColor: side.color,
          })),
          {
            type: 'bar' as const,
            label: '80% interval',
            data: percents.map(({ low, high }) => [low, high]),
            backgroundColor: CHART_COLORS.whisker,
            barPercentage: 0.12,
            pointStyle: 'line' as const,
            grouped: false,
          },
        ],
      },
      options: {
        ...options,
        indexAxis: 'y',
        plugins: {
          ...options.plugins,
          // Round swatches for the dots, as drawn.
          legend: { display: true, labels: { usePointStyle: true } },
        },
        scales: { x: { title: { display: true, text: 'Change in views (%)' } } },
      },
    },
  };
}
