import { ensureDemoChannel } from '../../core/demo/seed-demo.js';
import type { Reply } from '../../core/reply.js';
import { defineCommand, option } from './command.js';

export const demoCommand = defineCommand({
  name: 'demo',
  description: 'Create the demo channel: a synthetic Shorts channel to try every command on',
  options: {
    seed: option.integer('Seed of the generator (default DEMO_SEED)', { min: 0, max: 2 ** 31 - 1 }),
    reset: option.boolean('Rebuild the demo channel even if it exists'),
  },
  scope: 'operator',
  async run(ctx, { seed, reset }): Promise<Reply> {
    const result = await ensureDemoChannel(ctx.db, ctx.team.id, {
      seed: seed ?? ctx.config.DEMO_SEED,
      endDate: ctx.now(),
      reset,
    });
    return {
      kind: 'result',
      title: result.created ? 'Demo channel created' : 'Demo channel already there',
      summary: result.created
        ? `Generated ${result.videos} synthetic Shorts with stats, daily snapshots and retention curves.`
        : `It has ${result.videos} videos. Use --reset to rebuild it.`,
      labels: ['demo data (synthetic)'],
      followUps: [{ label: 'See it', command: '/stats demo' }],
      data: result,
    };
  },
});
