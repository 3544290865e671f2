import { type APIApplicationCommand, type REST, Routes } from 'discord.js';
import { commandsFor } from '../commands/registry.js';
import { discordCommandDefinitions, sameCommands } from './command-definitions.js';

export interface RegisterResult {
  scope: 'global' | 'guild';
  count: number;
  /** False when Discord already had exactly these commands and nothing was sent. */
  changed: boolean;
}

/**
 * Registers every chat command of the registry: guild-scoped (instant, for development) or global. Reads
 * what Discord has first and overwrites only when something differs, so repeated runs cost one GET.
 */
export async function registerDiscordCommands(
  rest: REST,
  options: { applicationId: string; guildId?: string },
): Promise<RegisterResult> {
  const route = options.guildId
    ? Routes.applicationGuildCommands(options.applicationId, options.guildId)
    : Routes.applicationCommands(options.applicationId);
  const desired = discordCommandDefinitions(commandsFor('discord'));
  const existing = (await rest.get(route)) as APIApplicationCommand[];
  const scope = options.guildId ? 'guild' : 'global';
  if (sameCommands(existing, desired)) return { scope, count: desired.length, changed: false };
  await rest.put(route, { body: desired });
  return { scope, count: desired.length, changed: true };
}
