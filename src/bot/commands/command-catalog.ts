import { readFileSync } from 'node:fs';
import type { Command, CommandInfo, Surface } from './command.js';

// Which commands exist, without loading them. Importing a handler pulls in its analytics, the database
// client and sometimes an SDK (charts, YouTube, Groq); a CLI that knows its command first loads only that one.

/**
 * Every command TubePilot has, in the order help lists them, one line each: the file is named after the
 * command (a test checks that the names agree). Nothing is imported until a command is loaded.
 */
const commandModules: Record<string, () => Promise<Command>> = {
  stats: async () => (await import('./stats.js')).statsCommand,
  analyze: async () => (await import('./analyze.js')).analyzeCommand,
  trends: async () => (await import('./trends.js')).trendsCommand,
  predict: async () => (await import('./predict.js')).predictCommand,
  backtest: async () => (await import('./backtest.js')).backtestCommand,
  learning: async () => (await import('./learning.js')).learningCommand,
  experiment: async () => (await import('./experiment.js')).experimentCommand,
  competitors: async () => (await import('./competitors.js')).competitorsCommand,
  channels: async () => (await import('./channels.js')).channelsCommand,
  help: async () => (await import('./help.js')).helpCommand,
  import: async () => (await import('./import.js')).importCommand,
  demo: async () => (await import('./demo.js')).demoCommand,
  migrate: async () => (await import('./migrate.js')).migrateCommand,
  strategy: async () => (await import('./strategy.js')).strategyCommand,
  script: async () => (await import('./script.js')).scriptCommand,
  digest: async () => (await import('./digest.js')).digestCommand,
  alerts: async () => (await import('./alerts.js')).alertsCommand,
  status: async () => (await import('./status.js')).statusCommand,
  refresh: async () => (await import('./refresh.js')).refreshCommand,
  connect: async () => (await import('./connect.js')).connectCommand,
  auth: async () => (await import('./auth.js')).authCommand,
  settings: async () => (await import('./settings.js')).settingsCommand,
  'api-token': async () => (await import('./api-token.js')).apiTokenCommand,
  webhook: async () => (await import('./webhook.js')).webhookCommand,
  export: async () => (await import('./export.js')).exportCommand,
};

/** Written next to the compiled registry by the build (scripts/build.mjs); absent when running from src. */
export const CATALOG_FILE = 'command-catalog.json';

/** Operator commands touch the bot's own machine (files, database), so chat platforms never get them. */
export function availableOn(command: CommandInfo, surface: Surface): boolean {
  return surface === 'console' || surface === 'cli' || command.scope === 'chat';
}

export function findCommand<C extends CommandInfo>(commands: readonly C[], name: string): C | undefined {
  const wanted = name.replace(/^\//, '').toLowerCase();
  return commands.find((command) => command.name === wanted);
}

/** One command, with its handler and everything that needs; undefined for a name that is no command. */
export async function loadCommand(name: string): Promise<Command | undefined> {
  return Object.hasOwn(commandModules, name) ? commandModules[name]?.() : undefined;
}

function loadAllCommands(): Promise<Command[]> {
  return Promise.all(Object.values(commandModules).map((load) => load()));
}

/** Every command of a surface, loaded (the bot and the console need them all). */
export async function loadCommands(surface: Surface): Promise<readonly Command[]> {
  return (await loadAllCommands()).filter((command) => availableOn(command, surface));
}

/**
 * Name, description, options and examples of every command of a surface, for help and the command list:
 * from the build's catalog when running compiled, else (from source, under tsx) read off the loaded commands.
 */
export async function commandCatalog(surface: Surface): Promise<readonly CommandInfo[]> {
  let all: CommandInfo[];
  try {
    all = JSON.parse(readFileSync(new URL(CATALOG_FILE, import.meta.url), 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    all = await describeAllCommands();
  }
  return all.filter((command) => availableOn(command, surface));
}

/** The catalog's content: every command without its handler and option validators. */
export async function describeAllCommands(): Promise<CommandInfo[]> {
  return (await loadAllCommands()).map(({ run: _run, options, ...info }) => ({
    ...info,
    options: Object.fromEntries(Object.entries(options).map(([key, { schema: _schema, ...option }]) => [key, option])),
  }));
}
