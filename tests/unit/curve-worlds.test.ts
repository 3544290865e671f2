import { describe, expect, it } from 'vitest';
import { channelData } from '../../src/core/analytics/analytics-video.js';
import { analyzeChannel } from '../../src/core/analytics/channel-analysis.js';
import { analyticsVideoFromRecord } from '../../src/core/analytics/from-video-record.js';
import { lengthArmSeconds, postingHourOf, postingSlot } from '../../src/core/analytics/video-features.js';
import { chooseNextVideo } from '../../src/core/learning/next-video-plan.js';
import { SeededRandom } from '../../src/core/random/seeded-random.js';
import { ChannelSimulator, SIM_START } from '../fakes/channel-simulator.js';
import { NEW_YORK } from '../fakes/worlds.js';

// Planted smooth curves read back through what /trends and /script use (analyzeChannel, chooseNextVideo): the
// New York world's audience follows a sharp evening curve on its local clock and a short-length curve, and its
// history crosses the 8 March DST change, when the same local hour moves an hour earlier in UTC.

const DAY_MS = 86_400_000;

describe('a New York channel across the DST change, random hours and lengths for 140 days', () => {
  const simulator = new ChannelSimulator(5, NEW_YORK);
  const rng = new SeededRandom('history');
  for (let day = 0; day < 140; day++) {
    const plan = simulator.randomPlan(rng);
    simulator.publish(simulator.videoFor(plan, new Date(SIM_START.getTime() + day * DAY_MS), rng));
  }
  const now = new Date(SIM_START.getTime() + 150 * DAY_MS); // later than the last reading
  const videos = simulator.videosAt(now).map((record) => analyticsVideoFromRecord(record));
  const channel = channelData(NEW_YORK.timezone, videos);
  const analysis = analyzeChannel(channel, now);
  const best = simulator.bestLengthAndHour();

  it('has uploads on both sides of the change at the same local hour, an hour apart in UTC', () => {
    const utcHours = (localHour: number, before: boolean) =>
      new Set(
        videos
          .filter((video) => postingSlot(video.publishedAt, NEW_YORK.timezone)?.hour === localHour)
          .filter((video) => (video.publishedAt as Date) < new Date('2026-03-08T12:00:00Z') === before)
          .map((video) => (video.publishedAt as Date).getUTCHours()),
      );
    expect([...utcHours(19, true)]).toEqual([0]);
    expect([...utcHours(19, false)]).toEqual([23]);
  });

  it('/trends puts the best hour and length near the audience’s, and the plan names them exactly', () => {
    const hours = analysis.patterns.postingTime.effects;
    const lengths = analysis.patterns.length.effects;
    const circular = (a: number, b: number) => Math.min(Math.abs(a - b), 24 - Math.abs(a - b));
    expect(circular(postingHourOf(hours[0]?.group as string), best.hour)).toBeLessThanOrEqual(2);
    expect(['medium', 'high']).toContain(hours[0]?.confidence);
    expect(Math.abs(Math.log(lengthArmSeconds(lengths[0]?.group as string) / best.lengthS))).toBeLessThan(
      Math.log(1.6),
    );
    const plan = chooseNextVideo(analysis, null);
    expect(circular(plan.postingTime.hour, best.hour)).toBeLessThanOrEqual(2);
    expect(Math.abs(Math.log(plan.length.targetS / best.lengthS))).toBeLessThan(Math.log(1.6));
    // The hour and seconds the plan names are the arms it shows the figures of.
    expect(plan.postingTime.value).toBe(`${String(plan.postingTime.hour).padStart(2, '0')}:00`);
    expect(lengthArmSeconds(plan.length.value)).toBe(plan.length.targetS);
  });
});
