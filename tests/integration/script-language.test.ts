import { beforeAll, expect, it } from 'vitest';
import type { CommandContext } from '../../src/bot/commands/command.js';
import { executeCommand } from '../../src/bot/commands/execute-command.js';
import { type ChatRequest, promptData, schemaName } from '../fakes/fake-groq.js';
import { CHANNELS } from '../fixtures/multilingual-channels.js';
import { describeEachBackend } from '../support/backends.js';
import { commandContext } from '../support/command-context.js';
import { fakeGroqForFile } from '../support/fake-groq-for-file.js';
import { goodAnswer, llmConfig } from '../support/groq-writer.js';

// /script on a French channel: the writer is told the channel's languages and to write in its main one, and a
// French hook in the asked style passes the style check (read with the channel's languages, not English alone).

const now = new Date('2026-11-23T12:00:00Z');
const fake = await fakeGroqForFile();
const FRENCH_TITLES = Object.values(CHANNELS.fr ?? {}).flat();

/** The well-behaved model, writing the script's hook as a French how-to. */
function frenchHowTo(request: ChatRequest) {
  const answer = goodAnswer(request);
  if (schemaName(request) !== 'shorts_script' || !('json' in answer)) return answer;
  const words = answer.json as { hook: string; beats: { voiceover: string }[] };
  const hook = `Comment réussir ${(promptData(request) as { topic: string }).topic} à tous les coups`;
  return {
    json: { ...words, hook, beats: words.beats.map((beat, i) => (i === 0 ? { ...beat, voiceover: hook } : beat)) },
  };
}

describeEachBackend('/script on a French channel', (database) => {
  let ctx: CommandContext;
  let offlineCtx: CommandContext;

  beforeAll(async () => {
    ctx = await commandContext(database().prisma, { now });
    await executeCommand(ctx, 'demo', { words: ['--seed', '7'] });
    offlineCtx = { ...ctx };
    ctx.config = llmConfig(fake.baseURL);
    const channel = await ctx.db.channel.findFirstOrThrow({ where: { teamId: ctx.team.id }, select: { id: true } });
    const videos = await ctx.db.video.findMany({
      where: { channelId: channel.id },
      select: { id: true },
      orderBy: { id: 'asc' },
    });
    for (const [i, video] of videos.entries()) {
      await ctx.db.video.update({
        where: { id: video.id },
        data: { title: `${FRENCH_TITLES[i % FRENCH_TITLES.length]} (${i})`, hookLine: null },
      });
    }
    // A hook experiment: the next script's hook must be a how-to, whatever the plan would choose.
    await executeCommand(ctx, 'experiment', {
      words: ['start', '--dimension', 'hook', '--a', 'how-to', '--b', 'question'],
    });
  });

  it('tells the writer to write in French, and accepts a French how-to hook', async () => {
    fake.setDefault(frenchHowTo);
    const reply = await executeCommand(ctx, 'script', { words: [] });
    expect(reply.kind).toBe('result');
    const scripts = fake.requests.filter((request) => schemaName(request.body) === 'shorts_script');
    // Accepted at once: no second request to repair the hook, and no offline fallback.
    expect(scripts).toHaveLength(1);
    const request = scripts[0]?.body as ChatRequest;
    expect((promptData(request) as { channel_languages: string[] }).channel_languages).toEqual(['French', 'English']);
    expect(request.messages.map((message) => message.content).join('\n')).toContain(
      'in the channel’s main language, the first of channel_languages',
    );
    const data = reply.data as { hookStyle: string; writer: string; words: { hook: string } };
    expect(data.hookStyle).toBe('how-to');
    expect(data.writer).not.toBe('offline');
    expect(data.words.hook).toMatch(/^Comment réussir /);
  });

  it('says the offline writer writes in English when the channel does not', async () => {
    const reply = await executeCommand(offlineCtx, 'script', { words: [] });
    expect(reply.kind).toBe('result');
    expect(reply.labels).toContain('offline (no LLM)');
    expect(reply.sections?.find((section) => section.heading === 'Note')?.text).toBe(
      'The offline writer writes in English; this channel writes in French.',
    );
  });

  it('reads the experiment’s published videos’ French hooks as the analysis does', async () => {
    // The two scripts above are the experiment's first pair (A how-to, B question): published as two of the
    // channel's older videos, each opening with a French hook of its variant.
    const arms = await ctx.db.experimentArm.findMany({ orderBy: { id: 'asc' }, select: { scriptId: true } });
    expect(arms).toHaveLength(2);
    const videos = await ctx.db.video.findMany({ orderBy: { publishedAt: 'asc' }, take: 2, select: { id: true } });
    const hooks = ['Comment réussir la crème brûlée', 'Pourquoi ma tarte est trop sèche'];
    for (const [i, arm] of arms.entries()) {
      const video = videos[i] as { id: number };
      await ctx.db.video.update({ where: { id: video.id }, data: { hookLine: hooks[i] } });
      await ctx.db.generatedScript.update({
        where: { id: arm.scriptId },
        data: { videoId: video.id, status: 'published' },
      });
    }
    const status = await executeCommand(ctx, 'experiment', { words: ['status'] });
    const { evaluation } = status.data as { evaluation: { outcomes: { observedStyle: string | null }[] } };
    expect(evaluation.outcomes.map((outcome) => outcome.observedStyle)).toEqual(['how-to', 'question']);
  });
});
