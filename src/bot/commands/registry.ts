import { analyzeCommand } from './analyze.js';
import { backtestCommand } from './backtest.js';
import { channelsCommand } from './channels.js';
import type { Command, Surface } from './command.js';
import { demoCommand } from './demo.js';
import { helpCommand } from './help.js';
import { importCommand } from './import.js';
import { migrateCommand } from './migrate.js';
import { predictCommand } from './predict.js';
import { settingsCommand } from './settings.js';
import { statsCommand } from './stats.js';
import { trendsCommand } from './trends.js';

/** Every command TubePilot has. Surfaces take their list from here and nowhere else. */
export const allCommands: readonly Command[] = [
  statsCommand,
  analyzeCommand,
  trendsCommand,
  predictCommand,
  backtestCommand,
  channelsCommand,
  helpCommand,
  importCommand,
  demoCommand,
  migrateCommand,
  settingsCommand,
];

/** Operator commands touch the bot's own machine (files, database), so chat platforms never get them. */
export function commandsFor(surface: Surface): readonly Command[] {
  const local = surface === 'console' || surface === 'cli';
  return allCommands.filter((command) => local || command.scope === 'chat');
}
