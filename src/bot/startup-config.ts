import { type Config, ConfigError, loadConfig, loadDotEnv } from '../core/config.js';

/**
 * The configuration of a starting process (`.env`, then the environment), or undefined after printing every
 * problem to stderr — the caller exits with status 2.
 */
export function startupConfig(): Config | undefined {
  try {
    loadDotEnv();
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\nSee .env.example for every variable.\n`);
    return undefined;
  }
}

/** With a Discord or Slack token `npm start` runs the chat bot, else the local console. */
export function chatPlatformsConfigured(config: Config): boolean {
  return Boolean(config.DISCORD_TOKEN || config.SLACK_BOT_TOKEN);
}
