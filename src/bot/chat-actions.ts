import { errorReply, type Reply, type ReplyAction } from '../core/reply.js';
import type { RawValue } from './commands/command-input.js';

// A button's click comes back as a string we chose when posting it (Discord custom_id, Slack value): the
// command and its options, encoded here once for both platforms. The string is untrusted on the way back
// (a signed payload proves who clicked, not that we made the button): it is parsed strictly, and what it
// names runs through executeCommand like a typed command, with the same validation and permission checks.

const PREFIX = 'tp1:';
/**
 * Discuss is not a command: it opens the thread offered on the clicked message, which the signed payload
 * names (its room and ref), so the button carries nothing more than this exact string.
 */
const DISCUSS = `${PREFIX}discuss`;

export interface ClickedCommand {
  command: string;
  values: Record<string, RawValue>;
}

export function encodeAction(action: ReplyAction): string {
  return 'discuss' in action ? DISCUSS : PREFIX + JSON.stringify([action.command, action.options]);
}

/** Whether a clicked button is a Discuss button (exactly ours, nothing else). */
export function isDiscussButton(text: string): boolean {
  return text === DISCUSS;
}

/** The command a button runs, or null for a string that is not one of ours. */
export function decodeAction(text: string): ClickedCommand | null {
  if (!text.startsWith(PREFIX)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.slice(PREFIX.length));
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) return null;
  const [command, options] = parsed as [unknown, unknown];
  if (typeof command !== 'string' || !/^[a-z][a-z-]{0,31}$/.test(command)) return null;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) return null;
  const values: Record<string, RawValue> = {};
  for (const [name, value] of Object.entries(options)) {
    if (!['string', 'number', 'boolean'].includes(typeof value)) return null;
    values[name] = value as RawValue;
  }
  return { command, values };
}

/** A click on a button TubePilot did not make (or an older version made): said privately, nothing run. */
export function unknownButtonReply(helpCommand: string): Reply {
  return errorReply('Unknown button', 'This button does not run a TubePilot command.', {
    fields: [{ label: 'What to do', value: `Type the command instead; ${helpCommand} lists them.` }],
  });
}
