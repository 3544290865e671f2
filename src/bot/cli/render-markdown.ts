import type { Reply, ReplyTable } from '../../core/reply.js';

/** `|` would end a cell; newlines would end the row. */
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function table({ columns, rows, numeric = [] }: ReplyTable): string[] {
  const align = columns.map((_, index) => (numeric.includes(index) ? '---:' : '---'));
  return [columns, align, ...rows].map((row) => `| ${row.map(cell).join(' | ')} |`);
}

/**
 * A Reply as a Markdown document (the digest written to disk by `digest now --out`). Images are linked by
 * the relative paths they were saved under, with their alt text. Follow-ups are commands to type in chat or
 * on the command line, so a document that is read elsewhere leaves them out.
 */
export function renderMarkdown(reply: Reply, imagePaths: Record<string, string> = {}): string {
  const lines = [`# ${reply.title}`];
  if (reply.labels?.length) lines.push('', `_${reply.labels.join(' · ')}_`);
  if (reply.summary) lines.push('', reply.summary);
  if (reply.fields?.length) lines.push('', ...reply.fields.map((field) => `- **${field.label}:** ${field.value}`));
  for (const section of reply.sections ?? []) {
    lines.push('', `## ${section.heading}`);
    if (section.text) lines.push('', section.text);
    if (section.list?.length) lines.push('', ...section.list.map((item) => `- ${item}`));
    if (section.table) lines.push('', ...table(section.table));
  }
  if (reply.images?.length) {
    lines.push('', '## Charts');
    for (const image of reply.images) lines.push('', `![${cell(image.alt)}](${imagePaths[image.name] ?? image.name})`);
  }
  return `${lines.join('\n')}\n`;
}
