import type { CommandInfo, OptionInfo, Surface } from './command.js';

/** slash: `/stats channel:x` (console, Discord); slack: `/tubepilot stats channel:x`; cli: `tubepilot stats --channel x`. */
export type UsageStyle = 'slash' | 'slack' | 'cli';

export function usageStyle(surface: Surface): UsageStyle {
  return surface === 'cli' ? 'cli' : surface === 'slack' ? 'slack' : 'slash';
}

/** One line showing how to call a command: `/stats [channel:<name>]` or `tubepilot stats [--channel <name>]`. */
export function formatUsage(command: CommandInfo, style: UsageStyle): string {
  const parts = Object.entries(command.options).map(([name, spec]) => {
    const placeholder = valuePlaceholder(spec);
    const text =
      style !== 'cli' ? `${name}:${placeholder}` : spec.kind === 'boolean' ? `--${name}` : `--${name} ${placeholder}`;
    return spec.required ? text : `[${text}]`;
  });
  const head = { slash: '/', slack: '/tubepilot ', cli: 'tubepilot ' }[style] + command.name;
  return [head, ...parts].join(' ');
}

/** Option lines for `--help` and `/help NAME`. */
export function describeOptions(command: CommandInfo): string[] {
  return Object.entries(command.options).map(([name, spec]) => {
    const extra = [spec.required ? 'required' : 'optional'];
    if (spec.min !== undefined) extra.push(`min ${spec.min}`);
    if (spec.max !== undefined) extra.push(`max ${spec.max}`);
    return `${name} (${valuePlaceholder(spec)}, ${extra.join(', ')}): ${spec.description}`;
  });
}

function valuePlaceholder(spec: OptionInfo): string {
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
