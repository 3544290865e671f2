import { existsSync } from 'node:fs';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeChannel } from '../../src/core/analytics/channel-analysis.js';
import { renderChartImages } from '../../src/core/charts/chart-renderer.js';
import type { ChartSpec } from '../../src/core/charts/chart-spec.js';
import { BUNDLED_FONT_PATH, localChartRenderer } from '../../src/core/charts/local-chart-renderer.js';
import { quickChartRenderer } from '../../src/core/charts/quickchart-renderer.js';
import { digestFigures } from '../../src/core/digest/digest-figures.js';
import { formatLogEffect } from '../../src/core/format/numbers.js';
import { type FakeQuickChart, startFakeQuickChart } from '../fakes/fake-quickchart.js';
import { demoChannelData } from '../support/analytics-videos.js';

const asOf = new Date('2026-11-23T00:00:00Z');
const { channel } = demoChannelData(5, asOf);
const figures = digestFigures(channel, asOf);
const specByName = (name: string) => figures.charts.find((spec) => spec.name === name) as ChartSpec;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from the IHDR chunk, which always follows the signature. */
function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** Pixels of a region that are not the white background. */
async function inkedPixels(png: Uint8Array, region?: { x: number; y: number; width: number; height: number }) {
  const image = await loadImage(Buffer.from(png));
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const { x, y, width, height } = region ?? { x: 0, y: 0, width: image.width, height: image.height };
  const { data } = ctx.getImageData(x, y, width, height);
  let inked = 0;
  let transparent = 0;
  for (let i = 0; i < data.length; i += 4) {
    if ((data[i + 3] as number) < 255) transparent++;
    if ((data[i] as number) < 240 || (data[i + 1] as number) < 240 || (data[i + 2] as number) < 240) inked++;
  }
  return { inked, transparent, total: width * height };
}

describe('chart descriptions of the demo channel', () => {
  it('has all four charts, each plain data (no callbacks) and alt text with its key numbers', () => {
    expect(figures.charts.map((spec) => spec.name)).toEqual([
      'views.png',
      'retention.png',
      'topics.png',
      'posting-times.png',
    ]);
    expect(figures.missingCharts).toEqual([]);
    for (const spec of figures.charts) {
      expect(JSON.parse(JSON.stringify(spec.config))).toEqual(spec.config);
      expect(spec.alt.length).toBeGreaterThan(40);
    }
    const { patterns } = analyzeChannel(channel, asOf);
    const topTopic = patterns.topics.effects[0];
    const topPercent = Math.round((Math.exp(topTopic?.effect ?? 0) - 1) * 100);
    expect(specByName('topics.png').alt).toContain(`+${topPercent}% [`);
    expect(specByName('topics.png').alt).toContain(`(n=${topTopic?.n}, ${topTopic?.confidence} confidence)`);
    // The posting-time chart shows the effect model's slots, the figures /trends shows.
    for (const slot of patterns.postingTime.effects) {
      expect(specByName('posting-times.png').alt).toContain(`${slot.group} ${formatLogEffect(slot.effect)} [`);
    }
    expect(specByName('views.png').alt).toMatch(/predicted [\d,]+ by day \d+ \(80% interval [\d,]+–[\d,]+\)/);
    expect(specByName('retention.png').alt).toMatch(/\d+% still watching at 3 s, against the channel median of \d+%/);
  });

  it('draws the prediction band between the interval edges, through the predicted values', () => {
    const datasets = specByName('views.png').config.data.datasets;
    const points = (index: number) => datasets[index]?.data as { x: number; y: number }[];
    const [predicted, low, high] = [points(1), points(2), points(3)];
    expect(datasets[3]).toMatchObject({ fill: '-1' });
    predicted.forEach((point, i) => {
      expect(low[i]?.y).toBeLessThanOrEqual(point.y);
      expect(high[i]?.y).toBeGreaterThanOrEqual(point.y);
    });
  });
});

describe('local renderer (chart.js + @napi-rs/canvas)', () => {
  it('renders every chart as an 800×400 PNG on white, with something drawn', async () => {
    const { images, failures } = await renderChartImages(localChartRenderer(), figures.charts);
    expect(failures).toEqual([]);
    expect(images).toHaveLength(4);
    for (const image of images) {
      expect([...image.png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
      expect(pngSize(image.png)).toEqual({ width: 800, height: 400 });
      const pixels = await inkedPixels(image.png);
      expect(pixels.transparent).toBe(0); // the white background plugin painted every pixel
      expect(pixels.inked / pixels.total).toBeGreaterThan(0.02);
      expect(image.alt).toBe(specByName(image.name).alt);
    }
  });

  it('renders label text with the bundled font', async () => {
    expect(existsSync(BUNDLED_FONT_PATH)).toBe(true);
    const spec = specByName('topics.png');
    const titled = (text: string): ChartSpec => ({
      ...spec,
      config: {
        ...spec.config,
        options: { ...spec.config.options, plugins: { title: { display: true, text }, legend: { display: false } } },
      },
    });
    const renderer = localChartRenderer();
    const band = { x: 0, y: 0, width: 800, height: 36 };
    const withTitle = await inkedPixels(await renderer.render(titled('Topic effects WWW 123')), band);
    const blankTitle = await inkedPixels(await renderer.render(titled(' ')), band);
    expect(withTitle.inked).toBeGreaterThan(blankTitle.inked + 200);
  });

  it('fails loudly when the font file is missing instead of drawing blank labels', async () => {
    const renderer = localChartRenderer({ fontPath: '/nonexistent/DejaVuSans.ttf' });
    await expect(renderer.render(specByName('views.png'))).rejects.toThrow(/Chart font missing/);
  });
});

describe('QuickChart renderer against a fake QuickChart server', () => {
  let server: FakeQuickChart;
  beforeAll(async () => {
    server = await startFakeQuickChart();
  });
  afterAll(async () => {
    await server.close();
  });

  it('POSTs the Chart.js v4 config with size and white background and returns the PNG', async () => {
    const spec = specByName('topics.png');
    const png = await quickChartRenderer(server.url).render(spec);
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(pngSize(png)).toEqual({ width: 800, height: 400 });
    const request = server.requests.at(-1);
    expect(request).toMatchObject({ version: '4', width: 800, height: 400, backgroundColor: '#ffffff', format: 'png' });
    expect(request?.chart).toEqual(spec.config);
  });

  it('reports a chart the server fails on and still renders the others', async () => {
    server.failWith = 500;
    const { images, failures } = await renderChartImages(quickChartRenderer(server.url), figures.charts.slice(0, 2));
    server.failWith = null;
    expect(images).toEqual([]);
    expect(failures).toHaveLength(2);
    expect(failures[0]).toMatch(/^views\.png could not be rendered \(quickchart 127\.0\.0\.1:\d+\): .*500/);
  });
});
