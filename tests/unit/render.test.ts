import { describe, expect, it } from 'vitest';
import { renderJson } from '../../src/bot/cli/render-json.js';
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
