import {
  type APIApplicationCommand,
  type APIApplicationCommandBasicOption,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { truncate } from '../../core/format/text-width.js';
import type { Command, OptionSpec } from '../commands/command.js';

// The registry's commands as Discord application commands. Pure: registration compares this JSON with what
// Discord has and sends it only when they differ.

export type DiscordCommandJson = RESTPostAPIChatInputApplicationCommandsJSONBody;

/** Discord completes these while the user types: channel names, and recent videos for `video` options. */
export function autocompletes(name: string, spec: OptionSpec): boolean {
  return spec.autocomplete === 'channel' || (name === 'video' && spec.kind === 'string');
}

export function discordCommandDefinitions(commands: readonly Command[]): DiscordCommandJson[] {
  return commands.map((command) => ({
    type: ApplicationCommandType.ChatInput,
    name: command.name,
    description: truncate(command.description, 100),
    // Discord requires required options before optional ones.
    options: Object.entries(command.options)
      .sort(([, a], [, b]) => Number(b.required) - Number(a.required))
      .map(([name, spec]) => discordOption(name, spec)),
  }));
}

function discordOption(name: string, spec: OptionSpec): APIApplicationCommandBasicOption {
  const base = { name, description: truncate(spec.description, 100), required: spec.required };
  switch (spec.kind) {
    case 'integer':
      return {
        ...base,
        type: ApplicationCommandOptionType.Integer,
        ...(spec.min !== undefined ? { min_value: spec.min } : {}),
        ...(spec.max !== undefined ? { max_value: spec.max } : {}),
      };
    case 'boolean':
      return { ...base, type: ApplicationCommandOptionType.Boolean };
    case 'choice':
      return {
        ...base,
        type: ApplicationCommandOptionType.String,
        choices: (spec.choices ?? []).slice(0, 25).map((choice) => ({ name: choice, value: choice })),
      };
    default:
      // string, duration (typed as "30d"), path (never on chat: operator commands are not registered).
      return { ...base, type: ApplicationCommandOptionType.String, autocomplete: autocompletes(name, spec) };
  }
}

/**
 * The parts of a command that registration sets, in one canonical shape: Discord answers with extra
 * fields (ids, versions, localizations) and omits defaults (`required: false`), which must not count as changes.
 */
export function canonicalCommand(command: DiscordCommandJson | APIApplicationCommand): unknown {
  return {
    name: command.name,
    description: command.description,
    options: (command.options ?? []).map((option) => {
      const o = option as APIApplicationCommandBasicOption & {
        min_value?: number;
        max_value?: number;
        autocomplete?: boolean;
        choices?: { name: string; value: string | number }[];
      };
      return {
        type: o.type,
        name: o.name,
        description: o.description,
        required: o.required ?? false,
        autocomplete: o.autocomplete ?? false,
        choices: (o.choices ?? []).map((choice) => [choice.name, choice.value]),
        min: o.min_value ?? null,
        max: o.max_value ?? null,
      };
    }),
  };
}

/** Whether Discord already has exactly these commands (order of commands does not matter). */
export function sameCommands(existing: readonly APIApplicationCommand[], desired: readonly DiscordCommandJson[]) {
  const key = (list: readonly (DiscordCommandJson | APIApplicationCommand)[]) =>
    JSON.stringify(list.map(canonicalCommand).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))));
  return key(existing) === key(desired);
}
