import { displayWidth, padEndToWidth, wrapToWidth } from '../../core/format/text-width.js';
import type { Reply } from '../../core/reply.js';
import { renderTable } from '../text-table.js';

/** Columns when the output is not a terminal (a pipe, a file, a test). */
export const DEFAULT_TERMINAL_WIDTH = 100;

export interface TerminalStyle {
  /** ANSI colours and bold; off when output is not a terminal. */
  color: boolean;
  /** Where each image and file of the reply was written, by name. */
  imagePaths?: Record<string, string>;
  /** Columns to lay out to: `process.stdout.columns` on a terminal; DEFAULT_TERMINAL_WIDTH otherwise. */
  width?: number;
}

/**
 * A Reply as terminal text: title line, summary, fields, sections with lists and aligned tables, laid out to the
 * terminal's width (prose wrapped at spaces, tables narrowed by cutting their text columns).
 */
export function renderTerminal(reply: Reply, style: TerminalStyle): string {
  const width = Math.max(40, style.width ?? DEFAULT_TERMINAL_WIDTH);
  const wrap = (text: string, indent = '') => wrapToWidth(text, width - indent.length).map((line) => indent + line);
  const bold = (text: string) => (style.color ? `\x1b[1m${text}\x1b[22m` : text);
  const dim = (text: string) => (style.color ? `\x1b[2m${text}\x1b[22m` : text);
  const red = (text: string) => (style.color ? `\x1b[31m${text}\x1b[39m` : text);
  const lines: string[] = [];
  const labels = reply.labels?.length ? ` ${dim(`[${reply.labels.join('] [')}]`)}` : '';
  const title = reply.kind === 'error' ? red(`✖ ${reply.title}`) : bold(reply.title);
  lines.push(`${title}${labels}`);
  if (reply.summary) lines.push(...wrap(reply.summary));
  if (reply.fields?.length) {
    const labelWidth = Math.max(...reply.fields.map((field) => displayWidth(field.label)));
    const valueIndent = ' '.repeat(labelWidth + 4);
    lines.push('');
    for (const field of reply.fields) {
      const [first = '', ...rest] = wrap(field.value, valueIndent);
      lines.push(`  ${padEndToWidth(field.label, labelWidth)}  ${first.slice(valueIndent.length)}`, ...rest);
    }
  }
  for (const section of reply.sections ?? []) {
    lines.push('', bold(section.heading));
    if (section.text) lines.push(...wrap(section.text));
    for (const item of section.list ?? []) {
      const [first = '', ...rest] = wrap(item, '    ');
      lines.push(`  • ${first.slice(4)}`, ...rest);
    }
    if (section.table) lines.push(...renderTable(section.table, width - 2).map((line) => `  ${line}`));
  }
  for (const image of reply.images ?? []) {
    const path = style.imagePaths?.[image.name];
    lines.push('', `  [image] ${image.alt}${path ? ` → ${path}` : ''}`);
  }
  for (const file of reply.files ?? []) {
    const path = style.imagePaths?.[file.name];
    lines.push('', `  [file] ${file.description}${path ? ` → ${path}` : ` (${file.name})`}`);
  }
  if (reply.followUps?.length) {
    lines.push(
      '',
      dim(`Next: ${reply.followUps.map((followUp) => `${followUp.command} (${followUp.label})`).join(' · ')}`),
    );
  }
  return lines.join('\n');
}
