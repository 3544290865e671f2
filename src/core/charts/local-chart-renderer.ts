import { fileURLToPath } from 'node:url';
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import { Chart, type ChartItem, type Plugin, registerables } from 'chart.js';
import type { ChartRenderer } from './chart-renderer.js';
import type { ChartSpec } from './chart-spec.js';

// Chart.js on a Skia canvas (@napi-rs/canvas, prebuilt: nothing to compile). The font is bundled and
// registered by path, because a machine without system fonts would otherwise draw charts with blank labels.

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

let chartJsReady = false;
const registeredFonts = new Set<string>();

/** Registers Chart.js's parts once and the font file once per path; a missing font is an error, never blank labels. */
function prepare(fontPath: string): void {
  if (!registeredFonts.has(fontPath)) {
    if (!GlobalFonts.registerFromPath(fontPath, FONT_FAMILY)) {
      throw new Error(`Chart font missing or unreadable: ${fontPath}`);
    }
    registeredFonts.add(fontPath);
  }
  if (chartJsReady) return;
  Chart.register(...registerables);
  Chart.defaults.font.family = FONT_FAMILY;
  Chart.defaults.color = '#1f2937';
  chartJsReady = true;
}

export function localChartRenderer(options: { fontPath?: string } = {}): ChartRenderer {
  return {
    description: 'local (chart.js + @napi-rs/canvas)',
    async render(spec: ChartSpec): Promise<Uint8Array> {
      prepare(options.fontPath ?? BUNDLED_FONT_PATH);
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
