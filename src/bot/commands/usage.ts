import type { Command, OptionSpec } from './command.js';

export type UsageStyle = 'slash' | 'cli';

/** One line showing how to call a command: `/stats [channel:<name>]` or `tubepilot stats [--channel <name>]`. */
export function formatUsage(command: Command, style: UsageStyle): string {
  const parts = Object.entries(command.options).map(([name, spec]) => {
    const placeholder = valuePlaceholder(spec);
    const text =
      style === 'slash' ? `${name}:${placeholder}` : spec.kind === 'boolean' ? `--${name}` : `--${name} ${placeholder}`;
    return spec.required ? text : `[${text}]`;
  });
  const head = style === 'slash' ? `/${command.name}` : `tubepilot ${command.name}`;
  return [head, ...parts].join(' ');
}

/** Option lines for `--help` and `/help NAME`. */
export function describeOptions(command: Command): string[] {
  return Object.entries(command.options).map(([name, spec]) => {
    const extra = [spec.required ? 'required' : 'optional'];
    if (spec.min !== undefined) extra.push(`min ${spec.min}`);
    if (spec.max !== undefined) extra.push(`max ${spec.max}`);
    return `${name} (${valuePlaceholder(spec)}, ${extra.join(', ')}): ${spec.description}`;
  });
}

function valuePlaceholder(spec: OptionSpec): string {
  switch (spec.kind) {
    case 'choice':
      return spec.choices?.join('|') ?? 'choice';
    case 'integer':
      return '<n>';
    case 'boolean':
      return 'true|false';
    case 'duration':
      return '<30d|12h>';
    case 'path':
      return '<path>';
    default:
      return spec.autocomplete === 'channel' ? '<channel>' : '<text>';
  }
}
