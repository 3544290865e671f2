import { UserError } from '../errors.js';

// Channel names are shown in listings and typed back as options. Direction overrides and isolates
// (U+202A–U+202E, U+2066–U+2069) and zero-width characters (U+200B–U+200D, U+2060, U+FEFF) would let one
// name look like another ("demo" and "demo\u200B", or "lanigiro" shown reversed as "original"): refused.
const HIDDEN = /[\u200B-\u200D\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/u;

/** Refuses a channel name a person cannot see as it is; the error names the character and its position. */
export function checkChannelName(name: string): void {
  const [hidden] = HIDDEN.exec(name) ?? [];
  if (hidden === undefined) return;
  const code = `U+${(hidden.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
  const position = [...name].indexOf(hidden) + 1;
  throw new UserError(
    'Invalid channel name',
    `The name contains an invisible or text-direction character (${code}, character ${position}): it would make the name look like another one in listings.`,
    'Type the name again by hand, in plain letters, digits and dashes.',
  );
}
