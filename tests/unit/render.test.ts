import { describe, expect, it } from 'vitest';
import { renderJson } from '../../src/bot/cli/render-json.js';
import { renderMarkdown } from '../../src/bot/cli/render-markdown.js';
import { renderTerminal } from '../../src/bot/cli/render-terminal.js';
import type { Reply } from '../../src/core/reply.js';
import { everyElementReply, samplePng } from '../support/sample-reply.js';

const png = samplePng;

const everything: Reply = everyElementReply({
  followUps: [{ label: 'All channels', command: '/channels' }],
  data: { views: 12n, when: new Date('2026-01-02T03:04:05Z') },
});

describe('terminal renderer', () => {
  it('renders every element of a reply as plain text when colour is off', () => {
    expect(renderTerminal(everything, { color: false, imagePaths: { 'views.png': '/tmp/views.png' } })).toBe(
      [
        'Overview [demo data (synthetic)]',
        'Two videos.',
        '',
        '  Videos        2',
        '  Median views  1,500',
        '',
        'Notes',
        'Plain ratio.',
        '  • first',
        '  • second',
        '',
        'Best',
        '  Video  Views',
        '  ─────  ─────',
        '  a      2,000',
        '  bb     1,000',
        '',
        '  [image] Views per day → /tmp/views.png',
        '',
        'Next: /channels (All channels)',
      ].join('\n'),
    );
  });

  it('marks errors and uses ANSI only when asked', () => {
    const error: Reply = { kind: 'error', title: 'Unknown channel', summary: 'There is no channel named "x".' };
    expect(renderTerminal(error, { color: false })).toBe('✖ Unknown channel\nThere is no channel named "x".');
    expect(renderTerminal(error, { color: true })).toContain('\x1b[31m✖ Unknown channel');
  });
});

describe('JSON renderer', () => {
  it('is the reply as JSON, with images as base64 and bigints as numbers', () => {
    const parsed = JSON.parse(renderJson(everything));
    expect(parsed.title).toBe('Overview');
    expect(parsed.images).toEqual([
      {
        name: 'views.png',
        alt: 'Views per day',
        mimeType: 'image/png',
        bytes: 8,
        base64: Buffer.from(png).toString('base64'),
      },
    ]);
    expect(parsed.data).toEqual({ views: 12, when: '2026-01-02T03:04:05.000Z' });
    expect(parsed.sections[1].table.rows).toEqual([
      ['a', '2,000'],
      ['bb', '1,000'],
    ]);
  });
});

describe('JSON renderer: counts', () => {
  it('rounds counts to whole numbers wherever they are nested, and leaves rates, ratios and effects as they are', () => {
    const reply: Reply = {
      kind: 'result',
      title: 'Overview',
      data: {
        overview: { medianViews: 12148.5, meanViews: 1234.56, totalLikes: 99.5, engagement: { rate: 0.0456 } },
        best: [{ views: 1500.4, outlierScore: 2.35, comments: 3 }],
        velocity: { viewsPerHour: 12.75 },
        effect: { effect: 0.31, low: -0.2, high: 0.82 },
      },
    };
    expect(JSON.parse(renderJson(reply)).data).toEqual({
      overview: { medianViews: 12149, meanViews: 1235, totalLikes: 100, engagement: { rate: 0.0456 } },
      best: [{ views: 1500, outlierScore: 2.35, comments: 3 }],
      velocity: { viewsPerHour: 12.75 },
      effect: { effect: 0.31, low: -0.2, high: 0.82 },
    });
  });

  it('leaves out the channel a reply carries for its discussion thread (its database id); data names it', () => {
    const reply: Reply = {
      kind: 'result',
      title: 'demo — overview',
      channel: { id: 7, name: 'demo' },
      data: { channel: { name: 'demo' } },
    };
    const parsed = JSON.parse(renderJson(reply));
    expect(parsed).not.toHaveProperty('channel');
    expect(parsed.data).toEqual({ channel: { name: 'demo' } });
  });
});

describe('Markdown renderer', () => {
  it('is a document: title, fields, sections and charts, without the follow-up commands of chat', () => {
    const markdown = renderMarkdown(everything, { 'views.png': 'views.png' });
    expect(markdown).toMatch(/^# Overview\n/);
    expect(markdown).toContain('![Views per day](views.png)');
    for (const followUp of everything.followUps ?? []) expect(markdown).not.toContain(followUp.command);
    expect(markdown).not.toContain('Next:');
  });
});
