import { fileURLToPath } from 'node:url';
import type { ChartItem, Plugin } from 'chart.js';
import type { ChartRenderer } from './chart-renderer.js';
import type { ChartSpec } from './chart-spec.js';

// Chart.js on a Skia canvas (@napi-rs/canvas, prebuilt: nothing to compile). The font is bundled and
// registered by path, because a machine without system fonts would otherwise draw charts with blank labels.
// Both libraries load on the first render, so commands that draw nothing do not pay for them at start; a bot
// draws a small chart before it listens (warmUp): ~0.3–0.5 s of CPU, in slices of up to 200 ms that held back
// the acknowledgements of commands arriving during its first daily cycle.

export const BUNDLED_FONT_PATH = fileURLToPath(new URL('../../../assets/fonts/DejaVuSans.ttf', import.meta.url));
const FONT_FAMILY = 'DejaVu Sans';

/** Transparent PNGs read badly on dark chat themes: paint the canvas white before anything else. */
const whiteBackground: Plugin = {
  id: 'whiteBackground',
  beforeDraw(chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

let libraries: Promise<[typeof import('@napi-rs/canvas'), typeof import('chart.js')]> | undefined;
let warmedUp: Promise<void> | undefined;
const WARM_UP_CHART: ChartSpec = {
  name: 'warm-up.png',
  alt: 'warm-up',
  width: 200,
  height: 100,
  config: { type: 'line', data: { labels: ['a', 'b'], datasets: [{ label: 'a', data: [1, 2] }] } },
};
const registeredFonts = new Set<string>();

/**
 * Loads and sets up Chart.js once, and registers the font file once per path; a missing font is an error,
 * never blank labels.
 */
async function prepare(fontPath: string) {
  libraries ??= Promise.all([import('@napi-rs/canvas'), import('chart.js')]).then(([canvas, chartJs]) => {
    chartJs.Chart.register(...chartJs.registerables);
    chartJs.Chart.defaults.font.family = FONT_FAMILY;
    chartJs.Chart.defaults.color = '#1f2937';
    return [canvas, chartJs];
  });
  const [canvas, chartJs] = await libraries;
  if (!registeredFonts.has(fontPath)) {
    if (!canvas.GlobalFonts.registerFromPath(fontPath, FONT_FAMILY)) {
      throw new Error(`Chart font missing or unreadable: ${fontPath}`);
    }
    registeredFonts.add(fontPath);
  }
  return { createCanvas: canvas.createCanvas, Chart: chartJs.Chart };
}

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
    async render(spec: ChartSpec): Promise<Uint8Array> {
      const { createCanvas, Chart } = await prepare(fontPath);
      const canvas = createCanvas(spec.width, spec.height);
      const config = structuredClone(spec.config);
      config.options = { ...config.options, devicePixelRatio: 1, responsive: false, animation: false };
      config.plugins = [...(config.plugins ?? []), whiteBackground];
      const chart = new Chart(canvas.getContext('2d') as unknown as ChartItem, config);
      try {
        return await canvas.encode('png');
      } finally {
        chart.destroy();
      }
    },
  };
}
