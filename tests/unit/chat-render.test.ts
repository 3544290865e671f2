import { describe, expect, it } from 'vitest';
import { createChatPosters } from '../../src/bot/chat-posters.js';
import { DISCORD_LIMITS, embedLength, renderDiscord } from '../../src/bot/discord/render-discord.js';
import { renderSlack, SLACK_LIMITS, slackCommandLine } from '../../src/bot/slack/render-slack.js';
import { loadConfig } from '../../src/core/config.js';
import type { Reply } from '../../src/core/reply.js';
import { everyElementReply, samplePng } from '../support/sample-reply.js';

const png = samplePng;

const everything: Reply = everyElementReply();

const failure: Reply = {
  kind: 'error',
  title: 'Something went wrong',
  summary: 'TubePilot hit an unexpected error running stats.',
  errorId: 'a1b2c3d4',
  fields: [{ label: 'Error id', value: 'a1b2c3d4 (quote it to your operator; it is in the log)' }],
};

/** A reply far over every limit: long summary, 60 fields, long values, huge sections and tables, 12 images. */
function oversize(): Reply {
  const line = (i: number) => `line ${i} ${'x'.repeat(90)}`;
  return {
    kind: 'result',
    title: 'T'.repeat(400),
    summary: Array.from({ length: 80 }, (_, i) => line(i)).join('\n'),
    labels: Array.from({ length: 14 }, (_, i) => `label ${i}`),
    fields: Array.from({ length: 60 }, (_, i) => ({
      label: `Field ${i} ${'n'.repeat(300)}`,
      value: 'v'.repeat(i * 40),
    })),
    sections: Array.from({ length: 30 }, (_, s) => ({
      heading: `Section ${s}`,
      text: 'y'.repeat(5000),
      list: Array.from({ length: 40 }, (_, i) => line(i)),
      table: {
        columns: ['Video', 'Views', 'Notes'],
        rows: Array.from({ length: 120 }, (_, i) => [`video-${i}`, String(i * 1000), 'z'.repeat(60)]),
        numeric: [1],
      },
    })),
    images: Array.from({ length: 12 }, (_, i) => ({ name: `chart-${i}.png`, png, alt: `Chart ${i}` })),
    followUps: [{ label: 'More', command: '/stats' }],
  };
}

describe('Discord renderer', () => {
  it('renders every element: title, labels, summary, fields, sections with list and table, image, next steps', () => {
    const [message, ...rest] = renderDiscord(everything);
    expect(rest).toEqual([]);
    const [main, text, image] = message?.embeds ?? [];
    expect(main).toMatchObject({
      title: 'Overview',
      description: '`demo data (synthetic)`\nTwo videos.',
      fields: [
        { name: 'Videos', value: '2', inline: true },
        { name: 'Median views', value: '1,500', inline: true },
      ],
    });
    expect(text?.description).toBe(
      [
        '**Notes**',
        'Plain ratio.',
        '• first',
        '• second',
        '**Best**',
        '```',
        'Video  Views',
        '─────  ─────',
        'a      2,000',
        'bb     1,000',
        '```',
      ].join('\n'),
    );
    expect(image).toMatchObject({ description: 'Views per day', image: { url: 'attachment://views.png' } });
    expect(image?.footer?.text).toBe('Next: /trends (Channel patterns)');
    expect(message?.files).toEqual([{ name: 'views.png', data: Buffer.from(png), contentType: 'image/png' }]);
  });

  it('shows an error with a warning title, in red, with its error id', () => {
    const [message] = renderDiscord(failure);
    const embed = message?.embeds[0];
    expect(embed).toMatchObject({ title: '⚠️ Something went wrong', color: 0xed4245 });
    expect(embed?.fields?.[0]?.value).toContain('a1b2c3d4');
    expect(embed?.footer?.text).toBe('Error id: a1b2c3d4');
  });

  it('keeps an oversize reply within every Discord limit, shortening it with a note instead of failing', () => {
    const messages = renderDiscord(oversize());
    expect(messages.length).toBeLessThanOrEqual(DISCORD_LIMITS.messagesPerReply);
    for (const message of messages) {
      expect(message.embeds.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedsPerMessage);
      expect(message.embeds.reduce((sum, embed) => sum + embedLength(embed), 0)).toBeLessThanOrEqual(6000);
      for (const embed of message.embeds) {
        expect(embed.title?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.title);
        expect(embed.description?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.description);
        expect(embed.fields?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.fields);
        for (const field of embed.fields ?? []) {
          expect(field.name.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldName);
          expect(field.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldValue);
        }
        // Code fences stay balanced in every chunk, so a split table still renders as monospace.
        expect(((embed.description ?? '').match(/```/g) ?? []).length % 2).toBe(0);
      }
      // Every attachment a message sends is referenced by one of its embeds.
      for (const file of message.files)
        expect(message.embeds.some((embed) => embed.image?.url === `attachment://${file.name}`)).toBe(true);
    }
    const last = messages.at(-1)?.embeds.at(-1);
    expect(last?.description).toMatch(/^…reply shortened: \d+ more parts not shown/);
    expect(last?.footer?.text).toBe('Next: /stats (More)');
  });

  it('moves fields that do not fit an embed into text rather than dropping them', () => {
    const reply: Reply = {
      kind: 'result',
      title: 'Many fields',
      fields: Array.from({ length: 30 }, (_, i) => ({ label: `F${i}`, value: `value ${i}` })),
    };
    const [message] = renderDiscord(reply);
    expect(message?.embeds[0]?.fields).toHaveLength(25);
    expect(message?.embeds[1]?.description).toContain('**F29**: value 29');
  });
});

describe('Slack renderer', () => {
  it('renders every element as Block Kit; images are listed for upload, next steps use /tubepilot', () => {
    const { messages, images } = renderSlack(everything);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.text).toBe('Overview: Two videos.');
    expect(messages[0]?.blocks).toEqual([
      { type: 'header', text: { type: 'plain_text', text: 'Overview' } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: '_demo data (synthetic)_' }] },
      { type: 'section', text: { type: 'mrkdwn', text: 'Two videos.' } },
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: '*Videos*\n2' },
          { type: 'mrkdwn', text: '*Median views*\n1,500' },
        ],
      },
      { type: 'divider' },
      { type: 'section', text: { type: 'mrkdwn', text: '*Notes*\nPlain ratio.\n• first\n• second' } },
      { type: 'divider' },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: '*Best*\n```\nVideo  Views\n─────  ─────\na      2,000\nbb     1,000\n```' },
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: '📊 Views per day (in the thread)' }] },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'Next: `/tubepilot trends` (Channel patterns)' }] },
    ]);
    expect(images).toEqual(everything.images);
  });

  it('shows an error with its id', () => {
    const blocks = renderSlack(failure).messages[0]?.blocks ?? [];
    expect(blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: '⚠️ Something went wrong' } });
    expect(JSON.stringify(blocks)).toContain('Error id: `a1b2c3d4`');
  });

  it('keeps an oversize reply within 50 blocks and 3,000 characters per text, shortening with a note', () => {
    const { messages } = renderSlack(oversize());
    expect(messages.length).toBeLessThanOrEqual(SLACK_LIMITS.messagesPerReply);
    for (const message of messages) {
      expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocksPerMessage);
      expect(message.text.length).toBeLessThanOrEqual(SLACK_LIMITS.text);
      for (const block of message.blocks) {
        if (block.type === 'header') expect(block.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
        if (block.type === 'section') {
          expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
          expect(block.fields?.length ?? 0).toBeLessThanOrEqual(SLACK_LIMITS.fieldsPerSection);
          for (const field of block.fields ?? []) expect(field.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fieldText);
          expect(((block.text?.text ?? '').match(/```/g) ?? []).length % 2).toBe(0);
        }
        if (block.type === 'context') expect(block.elements.length).toBeLessThanOrEqual(SLACK_LIMITS.contextElements);
      }
    }
    const tail = JSON.stringify(messages.at(-1)?.blocks.slice(-2));
    expect(tail).toMatch(/reply shortened: \d+ more blocks not shown/);
    expect(tail).toContain('`/tubepilot stats` (More)');
  });

  it('writes registry commands as /tubepilot subcommands', () => {
    expect(slackCommandLine('/predict video:abc')).toBe('/tubepilot predict video:abc');
    expect(slackCommandLine('/tubepilot help')).toBe('/tubepilot help');
    expect(slackCommandLine('tubepilot demo')).toBe('tubepilot demo');
  });
});

describe('chat posters for scheduled work', () => {
  it('has a poster for each configured platform only', () => {
    expect(Object.keys(createChatPosters(loadConfig({})))).toEqual([]);
    const both = createChatPosters(
      loadConfig({ DISCORD_TOKEN: 'd', SLACK_BOT_TOKEN: 'xoxb-s', SLACK_SIGNING_SECRET: 's' }),
    );
    expect([both.discord?.platform, both.slack?.platform]).toEqual(['discord', 'slack']);
  });
});
