import { expect, it } from 'vitest';
import { channelData } from '../../src/core/analytics/analytics-video.js';
import { approximateBytes } from '../../src/core/analytics/channel-cache.js';
import { blankVideo } from '../support/analytics-videos.js';

it('counts an array of ratios shared by many curves once, as the memory holds it', () => {
  const ratios = Float64Array.from({ length: 100 }, (_, index) => (index + 1) / 100);
  const watchRatios = () => new Float64Array(100).fill(0.5);
  const curve = (own: boolean) => ({ ratios: own ? ratios.slice() : ratios, watchRatios: watchRatios() });
  const channel = (own: boolean) =>
    channelData(
      'UTC',
      Array.from({ length: 10 }, (_, index) => ({ ...blankVideo({ id: `v${index}` }), retention: curve(own) })),
    );
  // Ten curves with ratios of their own hold nine arrays of ratios more than ten sharing one.
  expect(approximateBytes(channel(true)) - approximateBytes(channel(false))).toBe(9 * ratios.byteLength);
});
