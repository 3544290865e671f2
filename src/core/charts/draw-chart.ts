import type { ChartItem, Plugin } from 'chart.js';
import type { ChartSpec } from './chart-spec.js';

// Chart.js on a Skia canvas (@napi-rs/canvas, prebuilt: nothing to compile), as the chart thread runs it
// (chart-thread.ts). The font is registered by path, because a machine without system fonts would otherwise
// draw charts with blank labels. Both libraries load on the first drawing.

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

/** The chart's PNG, drawn on this thread with the font at `fontPath`. */
export async function drawChart(spec: ChartSpec, fontPath: string): Promise<Uint8Array> {
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
}
