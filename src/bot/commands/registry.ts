import { analyzeCommand } from './analyze.js';
import { apiTokenCommand } from './api-token.js';
import { authCommand } from './auth.js';
import { backtestCommand } from './backtest.js';
import { channelsCommand } from './channels.js';
import type { Command, Surface } from './command.js';
import { competitorsCommand } from './competitors.js';
import { connectCommand } from './connect.js';
import { demoCommand } from './demo.js';
import { digestCommand } from './digest.js';
import { experimentCommand } from './experiment.js';
import { exportCommand } from './export.js';
import { helpCommand } from './help.js';
import { importCommand } from './import.js';
import { learningCommand } from './learning.js';
import { migrateCommand } from './migrate.js';
import { predictCommand } from './predict.js';
import { refreshCommand } from './refresh.js';
import { scriptCommand } from './script.js';
import { settingsCommand } from './settings.js';
import { statsCommand } from './stats.js';
import { statusCommand } from './status.js';
import { strategyCommand } from './strategy.js';
import { trendsCommand } from './trends.js';
import { webhookCommand } from './webhook.js';

/** Every command TubePilot has. Surfaces take their list from here and nowhere else. */
export const allCommands: readonly Command[] = [
  statsCommand,
  analyzeCommand,
  trendsCommand,
  predictCommand,
  backtestCommand,
  learningCommand,
  experimentCommand,
  competitorsCommand,
  channelsCommand,
  helpCommand,
  importCommand,
  demoCommand,
  migrateCommand,
  strategyCommand,
  scriptCommand,
  digestCommand,
  statusCommand,
  refreshCommand,
  connectCommand,
  authCommand,
  settingsCommand,
  apiTokenCommand,
  webhookCommand,
  exportCommand,
];

/** Operator commands touch the bot's own machine (files, database), so chat platforms never get them. */
export function commandsFor(surface: Surface): readonly Command[] {
  const local = surface === 'console' || surface === 'cli';
  return allCommands.filter((command) => local || command.scope === 'chat');
}
