import { formatFraction } from '../format/numbers.js';
import { baseOptions, CHART_COLORS, CHART_SIZE, type ChartSpec } from './chart-spec.js';

export interface RetentionChartInput {
  videoTitle: string;
  /** The video's curve in seconds: share of viewers still watching (may exceed 1 with rewatches). */
  curve: { seconds: number; watchRatio: number }[];
  /** The channel's median watch ratio at the key seconds, over videos of the same format. */
  channelMedian: { seconds: number; median: number | null; n: number }[];
  /** Watch ratio at 3 s of the video and of the channel median. */
  hookHold: number | null;
  medianHookHold: number | null;
}

/** The latest video's retention curve against the channel's median at the key points. Null without a curve. */
export function retentionChart(input: RetentionChartInput): ChartSpec | null {
  if (input.curve.length === 0) return null;
  // In percent, as the replies' text says it ("62% still watching at 3 s").
  const percent = (ratio: number) => Math.round(ratio * 1000) / 10;
  const median = input.channelMedian.flatMap((point) =>
    point.median === null ? [] : [{ x: point.seconds, y: percent(point.median) }],
  );
  const n = Math.max(0, ...input.channelMedian.map((point) => point.n));
  const alt =
    `Retention of "${input.videoTitle}": ${formatFraction(input.hookHold, 0)} still watching at 3 s, ` +
    `against the channel median of ${formatFraction(input.medianHookHold, 0)} (median over ${n} videos).`;
  return {
    name: 'retention.png',
    alt,
    ...CHART_SIZE,
    config: {
      type: 'line',
      data: {
        datasets: [
          {
            label: 'Latest video',
            data: input.curve.map((point) => ({ x: Number(point.seconds.toFixed(2)), y: percent(point.watchRatio) })),
            borderColor: CHART_COLORS.primary,
            backgroundColor: CHART_COLORS.primary,
            pointRadius: 0,
          },
          {
            label: `Channel median (n=${n})`,
            data: median,
            borderColor: CHART_COLORS.reference,
            backgroundColor: CHART_COLORS.reference,
            borderDash: [6, 4],
            pointRadius: 4,
          },
        ],
      },
      options: {
        ...baseOptions('Retention: latest video vs channel median'),
        scales: {
          x: { type: 'linear', title: { display: true, text: 'Seconds into the video' }, min: 0 },
          y: { type: 'linear', title: { display: true, text: 'Viewers still watching (%)' }, min: 0 },
        },
      },
    },
  };
}
