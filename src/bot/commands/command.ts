import { z } from 'zod';
import type { TeamRef } from '../../core/channels/teams.js';
import type { ChatPlatform } from '../../core/chat/chat-poster.js';
import type { Config } from '../../core/config.js';
import type { Db } from '../../core/db/database.js';
import { UserError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { Reply } from '../../core/reply.js';

// A command is declared once — name, description, typed options, handler — and every surface (console,
// CLI, later Discord and Slack) is generated from the declaration.

export type OptionKind = 'string' | 'integer' | 'boolean' | 'choice' | 'path' | 'duration';

export interface OptionSpec<T = unknown> {
  kind: OptionKind;
  description: string;
  required: boolean;
  choices?: readonly string[];
  min?: number;
  max?: number;
  /** Hint for platforms that complete values as the user types. */
  autocomplete?: 'channel';
  /** Validates the value after it has been converted to the option's kind. */
  schema: z.ZodType<T>;
}

interface OptionSettings {
  required?: boolean;
}

function spec<T>(kind: OptionKind, description: string, schema: z.ZodType<T>, extra: Partial<OptionSpec> = {}) {
  return { kind, description, required: false, schema, ...extra } as OptionSpec<T>;
}

/** Builders for option declarations; `required: true` drops `undefined` from the handler's type. */
export const option = {
  string<R extends boolean = false>(
    description: string,
    settings: OptionSettings & { required?: R; autocomplete?: 'channel' } = {},
  ) {
    const base = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
    return spec('string', description, settings.required ? base : base.optional(), {
      required: settings.required ?? false,
      autocomplete: settings.autocomplete,
    }) as OptionSpec<R extends true ? string : string | undefined>;
  },
  /** Which of the team's channels; without it, the team's default (channel-directory.ts resolves both). */
  channel(description = 'Channel name (default: the team’s default channel)') {
    return option.string(description, { autocomplete: 'channel' });
  },
  integer<R extends boolean = false>(
    description: string,
    settings: OptionSettings & { required?: R; min?: number; max?: number } = {},
  ) {
    let base = z.number().int('must be a whole number');
    if (settings.min !== undefined) base = base.min(settings.min, `must be at least ${settings.min}`);
    if (settings.max !== undefined) base = base.max(settings.max, `must be at most ${settings.max}`);
    return spec('integer', description, settings.required ? base : base.optional(), {
      required: settings.required ?? false,
      min: settings.min,
      max: settings.max,
    }) as OptionSpec<R extends true ? number : number | undefined>;
  },
  boolean(description: string) {
    return spec('boolean', description, z.boolean().default(false)) as OptionSpec<boolean>;
  },
  choice<const C extends readonly [string, ...string[]], R extends boolean = false>(
    description: string,
    choices: C,
    settings: OptionSettings & { required?: R } = {},
  ) {
    const base = z.enum(choices);
    return spec('choice', description, settings.required ? base : base.optional(), {
      required: settings.required ?? false,
      choices,
    }) as OptionSpec<R extends true ? C[number] : C[number] | undefined>;
  },
  /** A span of time typed as `30d`, `12h` or a bare number of days; the handler gets days. */
  duration<R extends boolean = false>(description: string, settings: OptionSettings & { required?: R } = {}) {
    const base = z
      .string()
      .trim()
      .regex(/^\d+(\.\d+)?\s*[dh]?$/i, 'expects a duration such as 30d, 12h or 7')
      .transform((text) => {
        const amount = Number.parseFloat(text);
        return /h$/i.test(text) ? amount / 24 : amount;
      })
      .refine((days) => days > 0, 'must be longer than zero');
    return spec('duration', description, settings.required ? base : base.optional(), {
      required: settings.required ?? false,
    }) as OptionSpec<R extends true ? number : number | undefined>;
  },
  /** A local file path: only for operator commands run on the bot's own machine. */
  path(description: string) {
    return spec('path', description, z.string().trim().min(1, 'must not be empty'), {
      required: true,
    }) as OptionSpec<string>;
  },
};

export type OptionSpecs = Record<string, OptionSpec>;

/** What help shows of an option: its declaration without the validator, so it can be stored as JSON. */
export type OptionInfo = Omit<OptionSpec, 'schema'>;
export type OptionValues<O extends OptionSpecs> = { [K in keyof O]: O[K] extends OptionSpec<infer T> ? T : never };

export type Surface = 'console' | 'cli' | 'discord' | 'slack';

/** Where a chat command was typed; absent on local surfaces. */
export interface ChatRoomRef {
  platform: ChatPlatform;
  roomId: string;
  /** Set when the command was typed inside a thread. */
  threadRef?: string;
}

/** Who typed a chat command; absent on local surfaces, where the operator may do everything. */
export interface CommandUser {
  id: string;
  /**
   * Holds the manage role (Discord: Manage Server or the configured role; Slack: admin or configured group).
   * Asked only when the command needs it: on Slack the answer costs two Web API calls.
   */
  canManage(): Promise<boolean>;
}

export interface CommandContext {
  db: Db;
  team: TeamRef;
  config: Config;
  log: Logger;
  surface: Surface;
  now(): Date;
  /** Every command available on this surface, for `help`. */
  commands: readonly Command[];
  room?: ChatRoomRef;
  user?: CommandUser;
  /** Progress lines of long runs, shown while the command works (CLI and console: stderr); absent: silent. */
  notify?: (line: string) => void;
}

/**
 * What help and the command list need of a command: everything but its handler and validators. The CLI
 * reads it from the catalog built with the compiled code, so `--help` loads no handler.
 */
export interface CommandInfo {
  name: string;
  /** At most 100 characters: Discord's limit for command descriptions. */
  description: string;
  options: Record<string, OptionInfo>;
  /** Options filled by bare words, in order: `/stats demo` means `/stats channel:demo`. */
  positional?: string | readonly string[];
  /** chat: everywhere. operator: local surfaces only (console, CLI) — it touches the bot's machine. */
  scope: 'chat' | 'operator';
  /**
   * Declared once, checked in one place (executeCommand) before the handler runs. manage: the command changes
   * bindings, connects channels or spends quota, so chat users need the manage role; an object: only the listed
   * values of the `action` option (`manageActions`), or the listed options when given (`manageOptions`), need
   * it (each says what it does, for the refusal).
   */
  permission?:
    | 'read'
    | 'manage'
    | { manageActions?: Readonly<Record<string, string>>; manageOptions?: Readonly<Record<string, string>> };
  examples?: string[];
  /** In chat, a thread is opened on the reply, where follow-up questions are answered from its figures. */
  discussable?: boolean;
}

export interface Command<O extends OptionSpecs = OptionSpecs> extends CommandInfo {
  options: O;
  positional?: (keyof O & string) | readonly (keyof O & string)[];
  run(ctx: CommandContext, options: OptionValues<O>): Promise<Reply>;
}

export function defineCommand<O extends OptionSpecs>(command: Command<O>): Command {
  return command as unknown as Command;
}

/** What the options ask that needs the manage role ("/refresh", "Starting an experiment"), or null. */
export function manageActionOf(command: Command, options: Record<string, unknown>): string | null {
  const { permission } = command;
  if (permission === 'manage') return `/${command.name}`;
  if (typeof permission !== 'object') return null;
  const given = Object.entries(permission.manageOptions ?? {}).find(([name]) => options[name] !== undefined);
  if (given) return given[1];
  const action = options.action;
  return typeof action === 'string' ? (permission.manageActions?.[action] ?? null) : null;
}

/** Refuses chat users without the manage role; local surfaces (no user) may do everything. */
export async function requireManageRole(ctx: CommandContext, action: string): Promise<void> {
  if (ctx.user && !(await ctx.user.canManage())) {
    throw new UserError(
      'Not allowed',
      `${action} changes settings, spends quota or releases work to the production pipeline, so it needs the manage role.`,
      'Ask someone with Manage Server (Discord) or a workspace admin (Slack).',
    );
  }
}
