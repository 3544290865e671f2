import type { Reply } from '../../src/core/reply.js';

/** The 8-byte PNG signature: enough of an image for renderers, which never decode it. */
export const samplePng = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A Reply holding every element type, for renderer tests on every surface. */
export function everyElementReply(extra: Partial<Reply> = {}): Reply {
  return {
    kind: 'result',
    title: 'Overview',
    summary: 'Two videos.',
    labels: ['demo data (synthetic)'],
    fields: [
      { label: 'Videos', value: '2' },
      { label: 'Median views', value: '1,500' },
    ],
    sections: [
      { heading: 'Notes', text: 'Plain ratio.', list: ['first', 'second'] },
      {
        heading: 'Best',
        table: {
          columns: ['Video', 'Views'],
          rows: [
            ['a', '2,000'],
            ['bb', '1,000'],
          ],
          numeric: [1],
        },
      },
    ],
    images: [{ name: 'views.png', png: samplePng, alt: 'Views per day' }],
    followUps: [{ label: 'Channel patterns', command: '/trends' }],
    ...extra,
  };
}
