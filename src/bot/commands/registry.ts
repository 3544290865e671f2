import type { Command, Surface } from './command.js';
import { availableOn, loadCommands } from './command-catalog.js';

// Every command, loaded at import, for the code that serves all of them at once (the chat bot, its
// registration with Discord, tests). The list itself is in command-catalog.ts; the CLI loads from there only
// the command it runs.

/** Every command TubePilot has. Surfaces take their list from here or from command-catalog.ts, nowhere else. */
export const allCommands: readonly Command[] = await loadCommands('console');

export function commandsFor(surface: Surface): readonly Command[] {
  return allCommands.filter((command) => availableOn(command, surface));
}
