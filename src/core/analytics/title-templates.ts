// Titles TubePilot wrote itself ("3 espresso mistakes almost everyone makes"): the words around the topic are
// the template's, and a channel that follows the bot's scripts soon has dozens of them. Read whole, they would
// give topic discovery "topics" named "mistakes" or "home"; so a title that matches one of the bot's own
// templates (style-templates.ts, with the "(part N)" the writer adds to repeats) is read by its topic alone.
// Other titles are read as they are.

import { STYLE_TEMPLATES } from './style-templates.js';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One alternative per template; the topic is whichever group matched. */
const OWN_TITLE = new RegExp(
  `^(?:${Object.values(STYLE_TEMPLATES)
    .flatMap(({ titles }) => titles)
    .map((template) => template.split('{topic}').map(escapeRegExp).join('(.+?)'))
    .join('|')})(?: \\(part \\d+\\))?$`,
  'i',
);

/** The topic of a title written from one of TubePilot's templates, or the title itself. */
export function titleSubject(title: string): string {
  const match = OWN_TITLE.exec(title);
  return match?.slice(1).find((group) => group !== undefined) ?? title;
}
