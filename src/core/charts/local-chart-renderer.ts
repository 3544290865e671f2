import { fileURLToPath } from 'node:url';
import type { ChartRenderer } from './chart-renderer.js';
import type { ChartSpec } from './chart-spec.js';
import { chartThread } from './chart-thread.js';

// Charts drawn locally, on this process's chart thread (chart-thread.ts). The font is bundled and registered by
// path, because a machine without system fonts would otherwise draw charts with blank labels. The libraries load
// on the first chart, so commands that draw nothing do not pay for them at start; a bot draws a small chart
// before it listens (warmUp): ~0.3–0.5 s of CPU, on the chart thread.

export const BUNDLED_FONT_PATH = fileURLToPath(new URL('../../../assets/fonts/DejaVuSans.ttf', import.meta.url));

let warmedUp: Promise<void> | undefined;
const WARM_UP_CHART: ChartSpec = {
  name: 'warm-up.png',
  alt: 'warm-up',
  width: 200,
  height: 100,
  config: { type: 'line', data: { labels: ['a', 'b'], datasets: [{ label: 'a', data: [1, 2] }] } },
};

export function localChartRenderer(options: { fontPath?: string } = {}): ChartRenderer {
  const fontPath = options.fontPath ?? BUNDLED_FONT_PATH;
  return {
    description: 'local (chart.js + @napi-rs/canvas)',
    warmUp() {
      // One small chart, once per process: the libraries and font, and the first drawing's own cost (~90 ms
      // of CPU against ~30 for the next).
      warmedUp ??= this.render(WARM_UP_CHART).then(() => undefined);
      return warmedUp;
    },
    render(spec: ChartSpec): Promise<Uint8Array> {
      return chartThread.draw(spec, fontPath);
    },
  };
}
