import { beforeAll, expect, it } from 'vitest';
import { renderTerminal } from '../../src/bot/cli/render-terminal.js';
import type { CommandContext } from '../../src/bot/commands/command.js';
import { executeCommand } from '../../src/bot/commands/execute-command.js';
import { type ChatRequest, schemaName } from '../fakes/fake-groq.js';
import { describeEachBackend } from '../support/backends.js';
import { commandContext } from '../support/command-context.js';
import { fakeGroqForFile } from '../support/fake-groq-for-file.js';
import { goodAnswer, llmConfig } from '../support/groq-writer.js';

// A model that invents a figure ("1 billion views") through the real commands: the user sees a clear error
// and never the figure, and nothing of it is cached or stored — no strategy version, no script, no cache row
// that would serve it for the next 24 hours.

const now = new Date('2026-11-23T12:00:00Z');
const INVENTED = 'This channel is on its way to 1 billion views.';

/** The well-behaved answer, with the invented sentence added to the first free text of each writer. */
function inventing(request: ChatRequest) {
  const { json } = goodAnswer(request) as { json: Record<string, unknown> };
  switch (schemaName(request)) {
    case 'video_analysis':
      return { json: { ...json, key_insights: [INVENTED] } };
    case 'content_strategy':
      return { json: { ...json, summary: INVENTED } };
    default:
      return { json };
  }
}

const fake = await fakeGroqForFile();

describeEachBackend('invented figures', (database) => {
  let ctx: CommandContext;
  let channelId: number;
  let videoId: string;

  beforeAll(async () => {
    ctx = await commandContext(database().prisma, { now });
    await executeCommand(ctx, 'demo', { words: ['--seed', '11'] });
    ctx.config = llmConfig(fake.baseURL, { LLM_CACHE_HOURS: '24' });
    const channel = await ctx.db.channel.findFirstOrThrow({ where: { teamId: ctx.team.id }, select: { id: true } });
    channelId = channel.id;
    const video = await ctx.db.video.findFirstOrThrow({
      where: { channelId },
      orderBy: { publishedAt: 'desc' },
      select: { youtubeId: true },
    });
    videoId = video.youtubeId;
  });

  const stored = async () => ({
    cache: await ctx.db.llmCache.findMany({ select: { key: true, response: true } }),
    strategies: await ctx.db.contentStrategy.count({ where: { channelId } }),
    scripts: await ctx.db.generatedScript.count({ where: { channelId } }),
    predictions: await ctx.db.prediction.count({ where: { channelId } }),
  });

  it('/analyze: "1 billion views" twice is an error naming the figure; nothing is cached', async () => {
    fake.setDefault(inventing);
    const before = await stored();
    const reply = await executeCommand(ctx, 'analyze', { words: [videoId] });
    // As a 100-column terminal shows it (wrapped at spaces).
    expect(renderTerminal(reply, { color: false })).toBe(
      [
        '✖ The AI writer failed',
        "Groq's answer (video-analysis) was unusable twice: these numbers are not in the data: 1 billion.",
        'Nothing was saved.',
        '',
        '  What to do  Try again. If it keeps failing, use GROQ_MODEL=openai/gpt-oss-120b (strict JSON), or',
        '              unset GROQ_API_KEY for the offline writer.',
      ].join('\n'),
    );
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[1]?.body.messages.at(-1)?.content).toMatch(/these numbers are not in the data: 1 billion/);
    expect(await stored()).toEqual(before);
  });

  it('/analyze: a repaired answer is shown and cached, the invented one never', async () => {
    fake.queue(inventing);
    fake.setDefault(goodAnswer);
    const reply = await executeCommand(ctx, 'analyze', { words: [videoId] });
    expect(reply.kind).toBe('result');
    expect(JSON.stringify(reply)).not.toContain('billion');
    const { cache } = await stored();
    expect(cache).toHaveLength(1);
    expect((cache[0]?.response as { key_insights?: string[] } | undefined)?.key_insights).toEqual([
      expect.stringMatching(/^In short: /),
    ]);
  });

  it('/analyze: an invented answer already in the cache (from an older check) is not served', async () => {
    const [row] = (await stored()).cache;
    await ctx.db.llmCache.update({
      where: { key: row?.key as string },
      data: { response: { key_insights: [INVENTED], strengths: [], weaknesses: [] } },
    });
    fake.setDefault(goodAnswer);
    const reply = await executeCommand(ctx, 'analyze', { words: [videoId] });
    expect(reply.kind).toBe('result');
    expect(JSON.stringify(reply)).not.toContain('billion');
    expect(fake.requests).toHaveLength(1); // asked again instead of trusting the row
    expect(JSON.stringify((await stored()).cache[0]?.response)).not.toContain('billion');
  });

  it('/strategy and /script: the invented strategy is neither shown, cached nor stored, nor is a script', async () => {
    fake.setDefault(inventing);
    const before = await stored();
    expect(before).toMatchObject({ strategies: 0, scripts: 0 });

    const strategy = await executeCommand(ctx, 'strategy', { words: [] });
    expect(strategy).toMatchObject({ kind: 'error', title: 'The AI writer failed' });
    expect(strategy.summary).toMatch(/\(strategy\) was unusable twice: these numbers are not in the data: 1 billion\./);

    // A script needs a strategy first: it fails the same way, before any script or prediction is written.
    const script = await executeCommand(ctx, 'script', { words: [] });
    expect(script).toMatchObject({ kind: 'error', title: 'The AI writer failed' });
    expect(JSON.stringify([strategy, script])).not.toContain('on its way');
    expect(await stored()).toEqual(before);
  });
});
