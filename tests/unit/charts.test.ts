import { existsSync } from 'node:fs';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeChannel } from '../../src/core/analytics/channel-analysis.js';
import type { EffectEstimate } from '../../src/core/analytics/effect-estimate.js';
import { MIN_GROUP_VIDEOS } from '../../src/core/analytics/effect-model.js';
import { curveInSeconds } from '../../src/core/analytics/retention-key-points.js';
import { renderChartImages } from '../../src/core/charts/chart-renderer.js';
import type { ChartSpec } from '../../src/core/charts/chart-spec.js';
import { dotRadius, effectsChart } from '../../src/core/charts/effects-chart.js';
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
    // The posting-time chart shows the effect model's hours, the figures /trends shows.
    for (const slot of patterns.postingTime.effects) {
      expect(specByName('posting-times.png').alt).toContain(`${slot.group} ${formatLogEffect(slot.effect)} [`);
    }
    expect(specByName('views.png').alt).toMatch(/predicted [\d,]+ by day \d+ \(80% interval [\d,]+–[\d,]+\)/);
    expect(specByName('retention.png').alt).toMatch(/\d+% still watching at 3 s, against the channel median of \d+%/);
  });

  it('draws the prediction band as one closed outline around the predicted values, once in the legend', () => {
    const spec = specByName('views.png');
    const datasets = spec.config.data.datasets;
    expect(datasets.map((dataset) => dataset.label)).toEqual(['Views so far', 'Predicted', '80% interval']);
    const points = (index: number) => datasets[index]?.data as { x: number; y: number }[];
    const [predicted, band] = [points(1), points(2)];
    expect(datasets[2]).toMatchObject({ fill: 'shape' });
    // Out along the high edge and back along the low one, from and to the last reading.
    const forecast = predicted.slice(1);
    const high = band.slice(1, 1 + forecast.length);
    const low = band.slice(1 + forecast.length, -1).reverse();
    expect(band[0]).toEqual(predicted[0]);
    expect(band.at(-1)).toEqual(predicted[0]);
    forecast.forEach((point, i) => {
      expect(high[i]?.x).toBe(point.x);
      expect(low[i]?.x).toBe(point.x);
      expect(low[i]?.y).toBeLessThanOrEqual(point.y);
      expect(high[i]?.y).toBeGreaterThanOrEqual(point.y);
    });
  });

  it('shows every observed reading as a dot, on an age axis that does not squeeze them against day 0', () => {
    const spec = specByName('views.png');
    const observed = spec.config.data.datasets[0];
    const readings = (observed?.data ?? []) as { x: number }[];
    expect(readings.length).toBeGreaterThan(1);
    expect(observed).toMatchObject({ pointRadius: 3 });
    expect(spec.config.options?.scales?.x).toMatchObject({ type: 'logarithmic' });
    for (const point of readings) expect(point.x).toBeGreaterThan(0);
  });

  it('draws retention in percent, as the text says it', () => {
    const spec = specByName('retention.png');
    const [video, median] = spec.config.data.datasets.map((dataset) => dataset.data as { x: number; y: number }[]);
    const latest = [...channel.videos].reverse().find((candidate) => candidate.retention.ratios.length > 0);
    if (!latest || latest.durationS === null) throw new Error('the demo has retention curves');
    const curve = curveInSeconds(latest.retention, latest.durationS);
    expect(video?.length).toBeGreaterThan(10);
    for (const [i, point] of (video ?? []).entries()) {
      // Rounded to 0.1 percentage point.
      expect(Math.abs(point.y - (curve[i]?.watchRatio as number) * 100)).toBeLessThan(0.051);
    }
    expect(Math.max(...(median ?? []).map((point) => point.y))).toBeGreaterThan(1.5);
    expect(JSON.stringify(spec.config.options?.scales?.y)).toContain('(%)');
  });
});

/** The dots, whiskers and colour of an effects chart, per drawn group. */
function effectsDrawn(spec: ChartSpec) {
  const datasets = spec.config.data.datasets;
  const whiskers = datasets.find((dataset) => dataset.type === 'bar');
  const dots = datasets.filter((dataset) => dataset.type === 'line');
  return (spec.config.data.labels as string[]).map((label, i) => {
    const drawn = dots.filter((dataset) => dataset.data[i] !== null);
    return {
      label,
      whisker: whiskers?.data[i] as [number, number],
      dots: drawn.map((dataset) => ({ key: dataset.label, value: dataset.data[i] as number })),
      radius: (drawn[0] as { pointRadius: number[] } | undefined)?.pointRadius[i],
    };
  });
}

function estimate(group: string, n: number, effect: number, sd: number): EffectEstimate {
  return {
    dimension: 'topic',
    group,
    n,
    rawEffect: effect,
    effect,
    sd,
    low: effect - 1.28 * sd,
    high: effect + 1.28 * sd,
    multiplier: Math.exp(effect),
    confidence: 'medium',
  };
}

describe('effects charts: dot and whisker', () => {
  it('draws each group as one dot inside its own interval, no bar from zero', () => {
    for (const name of ['topics.png', 'posting-times.png']) {
      const spec = specByName(name);
      const drawn = effectsDrawn(spec);
      expect(drawn.length).toBeGreaterThan(0);
      // The only bars are the whiskers: floating [low, high] pairs.
      for (const dataset of spec.config.data.datasets.filter((entry) => entry.type === 'bar')) {
        for (const value of dataset.data) expect(Array.isArray(value)).toBe(true);
      }
      for (const group of drawn) {
        expect(group.dots).toHaveLength(1);
        const [low, high] = group.whisker;
        expect(group.dots[0]?.value).toBeGreaterThanOrEqual(low);
        expect(group.dots[0]?.value).toBeLessThanOrEqual(high);
      }
    }
  });

  it('has a key for colour (which side of zero) and size (number of videos), and leaves out groups under the minimum', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            n: fc.integer({ min: 1, max: 60 }),
            effect: fc.double({ min: -1.5, max: 1.5, noNaN: true }),
            sd: fc.double({ min: 0.01, max: 0.8, noNaN: true }),
          }),
          { minLength: 1, maxLength: 10 },
        ),
        (groups) => {
          const effects = groups.map((group, i) => estimate(`g${i}`, group.n, group.effect, group.sd));
          const spec = effectsChart({ effects, label: (group) => group, name: 't.png', subject: 'Topic effects' });
          const enough = effects.filter((entry) => entry.n >= MIN_GROUP_VIDEOS);
          if (enough.length === 0) {
            expect(spec).toBeNull();
            return;
          }
          if (!spec) throw new Error('expected a chart');
          const drawn = effectsDrawn(spec);
          expect(drawn.map((group) => group.label)).toEqual(enough.map((entry) => `${entry.group} (n=${entry.n})`));
          const left = effects.length - enough.length;
          if (left > 0) expect(spec.alt).toContain(`${left} group(s) with fewer than ${MIN_GROUP_VIDEOS} videos`);
          drawn.forEach((group, i) => {
            const entry = enough[i] as EffectEstimate;
            const side =
              entry.low > 0 ? 'More views' : entry.high < 0 ? 'Fewer views' : 'Unclear (interval includes 0)';
            expect(group.dots[0]?.key).toContain(side);
            expect(group.radius).toBe(dotRadius(entry.n));
          });
          // More videos, a bigger dot.
          const byN = [...enough].sort((a, b) => a.n - b.n);
          for (let i = 1; i < byN.length; i++) {
            expect(dotRadius((byN[i] as EffectEstimate).n)).toBeGreaterThanOrEqual(
              dotRadius((byN[i - 1] as EffectEstimate).n),
            );
          }
          expect(spec.config.options?.plugins?.subtitle).toMatchObject({
            display: true,
            text: expect.stringContaining('dot size: number of videos'),
          });
        },
      ),
      {
        numRuns: 60,
        // An interval ending at −1.7e-18: below zero, though exp(x) − 1 rounds that bound to 0 % (found in CI).
        examples: [[[{ n: 5, effect: -0.012800000000000002, sd: 0.01 }]]],
      },
    );
  });

  it('uses the same minimum number of videos as /trends in the demo’s posting-time chart', () => {
    const { patterns } = analyzeChannel(channel, asOf);
    const drawn = effectsDrawn(specByName('posting-times.png')).map((group) => group.label);
    const expected = [...patterns.postingTime.effects]
      .filter((slot) => slot.n >= MIN_GROUP_VIDEOS)
      .sort((a, b) => (a.group < b.group ? -1 : 1))
      .map((slot) => `${slot.group} (n=${slot.n})`);
    expect(drawn).toEqual(expected);
    expect(dotRadius(MIN_GROUP_VIDEOS * 4)).toBe(2 * dotRadius(MIN_GROUP_VIDEOS));
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
