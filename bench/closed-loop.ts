// Closed-loop proof that the advice works: a simulated audience with hidden preferences over topics, hook
// styles, lengths and posting times (tests/fakes/channel-simulator.ts) stands behind the fake YouTube server.
// Each simulated day TubePilot refreshes the channel through its real YouTube client, asks /script for the next
// video (offline writer), and the simulator publishes the script's first title at its length and hour. Two
// baselines run on the same audience and the same noise: the first best-supported plan kept forever ("static"), and
// random choices. Reported over seeds: mean views at 7 days of the videos of the last 30 days vs the first 30,
// and regret — expected views lost against the best fixed plan in hindsight, as a share of what it would earn.

import { executeCommand } from '../src/bot/commands/execute-command.js';
import { commandsFor } from '../src/bot/commands/registry.js';
import { openDatabase } from '../src/core/db/database.js';
import { createLogger } from '../src/core/logger.js';
import { SeededRandom } from '../src/core/random/seeded-random.js';
import { refreshChannel } from '../src/core/youtube/refresh-channel.js';
import { ChannelSimulator, type PublishInput } from '../tests/fakes/channel-simulator.js';
import { FakeYouTube, fakeVideosOf } from '../tests/fakes/fake-youtube.js';
import { connectedChannel, fakeYouTubeConfig } from '../tests/support/youtube-channel.js';
import type { Benchmark, BenchOptions, BenchTable } from './benchmark.js';

const DAY_MS = 86_400_000;
const HISTORY_VIDEOS = 30;
const START = new Date('2026-01-01T00:00:00Z');
/** z for a two-sided 95 % interval of a mean over seeds (t with 19 degrees of freedom). */
const T95_19 = 2.093;

type Policy = 'tubepilot' | 'static' | 'random';

interface ScriptPlan {
  title: string;
  durationS: number;
  hour: number;
}

interface Outcome {
  first: number;
  last: number;
  regret: number;
}

const day = (n: number) => new Date(START.getTime() + n * DAY_MS);

/** TubePilot as a team would run it: refresh, then /script; the simulator publishes what the script says. */
async function tubePilotRun(simulator: ChannelSimulator, days: number, freeze: boolean): Promise<PublishInput[]> {
  const fake = await FakeYouTube.start({ videoCount: 1 });
  const database = await openDatabase({ databaseUrl: 'memory://', dataDir: 'unused' });
  try {
    const db = database.prisma;
    const config = fakeYouTubeConfig(fake, { YOUTUBE_STATS_MAX_AGE_HOURS: '1' });
    const log = createLogger('silent');
    const { team, channel } = await connectedChannel(db, fake, 'sim');
    const published: PublishInput[] = [];
    let frozen: ScriptPlan | null = null;
    for (let d = 0; d < days; d++) {
      const now = new Date(day(d).getTime() + 6 * 3_600_000);
      fake.videos = fakeVideosOf(simulator.videosAt(now));
      let plan: ScriptPlan | null = frozen;
      if (plan === null) {
        await refreshChannel({ db, config, log, now: () => now }, channel.id);
        const ctx = { db, team, config, log, surface: 'cli' as const, now: () => now, commands: commandsFor('cli') };
        // The static baseline is TubePilot's first, best-supported plan (no exploring), kept forever.
        const reply = await executeCommand(ctx, 'script', { words: freeze ? ['--best'] : [] });
        if (reply.kind !== 'result') throw new Error(`script failed: ${reply.title}: ${reply.summary}`);
        const data = reply.data as { words: { title_options: string[] }; targetLengthS: number; postHour: number };
        plan = { title: data.words.title_options[0] as string, durationS: data.targetLengthS, hour: data.postHour };
        if (freeze) frozen = plan;
      }
      const at = day(d);
      at.setUTCHours(plan.hour, 0, 0, 0);
      const input = { title: plan.title, durationS: plan.durationS, publishedAt: at };
      simulator.publish(input);
      published.push(input);
    }
    return published;
  } finally {
    await database.close();
    await fake.close();
  }
}

function randomRun(simulator: ChannelSimulator, days: number, seed: number): PublishInput[] {
  const rng = new SeededRandom(`random policy:${seed}`);
  return Array.from({ length: days }, (_, d) => {
    const input = simulator.videoFor(ChannelSimulator.randomPlan(rng), day(d), rng);
    simulator.publish(input);
    return input;
  });
}

async function runPolicy(policy: Policy, seed: number, days: number): Promise<Outcome> {
  const simulator = new ChannelSimulator(seed);
  const history = new SeededRandom(`history:${seed}`);
  for (let i = HISTORY_VIDEOS; i > 0; i--) {
    simulator.publish(simulator.videoFor(ChannelSimulator.randomPlan(history), day(-i), history));
  }
  const inputs =
    policy === 'random' ? randomRun(simulator, days, seed) : await tubePilotRun(simulator, days, policy === 'static');
  const ids = simulator
    .videosAt(day(days + 30))
    .slice(HISTORY_VIDEOS)
    .map((video) => video.youtubeId);
  const at7 = ids.map((id, i) =>
    simulator.viewsAt(id, new Date((inputs[i] as PublishInput).publishedAt.getTime() + 7 * DAY_MS)),
  );
  const window = Math.max(1, Math.min(30, Math.floor(days / 3)));
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const best = simulator.expectedViews(simulator.bestPlan());
  const lost = inputs.reduce((sum, input) => sum + (best - Math.exp(simulator.expectedLogViews(input))), 0);
  return { first: mean(at7.slice(0, window)), last: mean(at7.slice(-window)), regret: lost / (best * inputs.length) };
}

function meanInterval(values: number[]): { mean: number; low: number; high: number } {
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / Math.max(1, values.length - 1);
  const half = T95_19 * Math.sqrt(variance / values.length);
  return { mean, low: mean - half, high: mean + half };
}

const percent = (value: number) => `${value >= 0 ? '+' : ''}${(value * 100).toFixed(0)}%`;

async function run({ quick }: BenchOptions): Promise<BenchTable> {
  const seeds = quick ? 2 : 20;
  const days = quick ? 24 : 90;
  const policies: Policy[] = ['tubepilot', 'static', 'random'];
  const results = new Map<Policy, Outcome[]>(policies.map((policy) => [policy, []]));
  for (let seed = 1; seed <= seeds; seed++) {
    for (const policy of policies) {
      const started = performance.now();
      results.get(policy)?.push(await runPolicy(policy, seed, days));
      console.error(`closed-loop: seed ${seed} ${policy} ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
  }
  const tube = results.get('tubepilot') as Outcome[];
  const rows = policies.map((policy) => {
    const outcomes = results.get(policy) as Outcome[];
    const first = meanInterval(outcomes.map((outcome) => outcome.first));
    const last = meanInterval(outcomes.map((outcome) => outcome.last));
    const regret = meanInterval(outcomes.map((outcome) => outcome.regret));
    // Paired per seed (same audience, same noise): TubePilot's last-30-day views over this policy's, as a log
    // ratio, and the share of the best plan's views that TubePilot lost less.
    const pairedViews = meanInterval(outcomes.map((outcome, i) => Math.log((tube[i] as Outcome).last / outcome.last)));
    const pairedRegret = meanInterval(outcomes.map((outcome, i) => outcome.regret - (tube[i] as Outcome).regret));
    const points = (value: number) => `${value >= 0 ? '+' : ''}${(value * 100).toFixed(1)}`;
    const versus =
      policy === 'tubepilot'
        ? ['', '']
        : [
            `${percent(Math.exp(pairedViews.mean) - 1)} [${percent(Math.exp(pairedViews.low) - 1)}, ${percent(Math.exp(pairedViews.high) - 1)}]`,
            `${points(pairedRegret.mean)} [${points(pairedRegret.low)}, ${points(pairedRegret.high)}] pts`,
          ];
    return [
      policy,
      Math.round(first.mean).toLocaleString('en-US'),
      Math.round(last.mean).toLocaleString('en-US'),
      percent(last.mean / first.mean - 1),
      `${(regret.mean * 100).toFixed(1)}% ± ${((regret.high - regret.mean) * 100).toFixed(1)}`,
      ...versus,
    ];
  });
  return {
    title: `Closed loop: ${seeds} seeds × ${days} simulated days, one video a day, ${HISTORY_VIDEOS} random videos of history`,
    columns: [
      'policy',
      'views@7d first 30',
      'views@7d last 30',
      'last vs first',
      'regret (95% CI)',
      'TubePilot vs it: views last 30 (95% CI)',
      'TubePilot vs it: regret saved (95% CI)',
    ],
    rows,
    notes: [
      'regret: expected views lost against the best fixed plan in hindsight, as a share of what it would have earned.',
      'TubePilot vs it: paired per seed (same audience, same noise); regret saved in percentage points of the best plan.',
      'TubePilot runs its real path: fake YouTube → refresh (official clients) → /script (offline writer) → the simulator publishes.',
    ],
  };
}

export const closedLoop: Benchmark = { name: 'closed-loop', run };
