import type { Reply } from '../../core/reply.js';
import { renderTable } from '../text-table.js';

export interface TerminalStyle {
  /** ANSI colours and bold; off when output is not a terminal. */
  color: boolean;
  /** Where each image and file of the reply was written, by name. */
  imagePaths?: Record<string, string>;
}

/** A Reply as terminal text: title line, summary, fields, sections with lists and aligned tables. */
export function renderTerminal(reply: Reply, style: TerminalStyle): string {
  const bold = (text: string) => (style.color ? `\x1b[1m${text}\x1b[22m` : text);
  const dim = (text: string) => (style.color ? `\x1b[2m${text}\x1b[22m` : text);
  const red = (text: string) => (style.color ? `\x1b[31m${text}\x1b[39m` : text);
  const lines: string[] = [];
  const labels = reply.labels?.length ? ` ${dim(`[${reply.labels.join('] [')}]`)}` : '';
  const title = reply.kind === 'error' ? red(`✖ ${reply.title}`) : bold(reply.title);
  lines.push(`${title}${labels}`);
  if (reply.summary) lines.push(reply.summary);
  if (reply.fields?.length) {
    const width = Math.max(...reply.fields.map((field) => field.label.length));
    lines.push('');
    for (const field of reply.fields)
      lines.push(`  ${field.label.padEnd(width)}  ${indentContinuation(field.value, width + 4)}`);
  }
  for (const section of reply.sections ?? []) {
    lines.push('', bold(section.heading));
    if (section.text) lines.push(section.text);
    for (const item of section.list ?? []) lines.push(`  • ${item}`);
    if (section.table) lines.push(...renderTable(section.table).map((line) => `  ${line}`));
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

function indentContinuation(text: string, indent: number): string {
  return text.split('\n').join(`\n${' '.repeat(indent)}`);
}
