// Preloaded with `node --import` into a TubePilot process (tests/e2e/cli-loading.test.ts): every module the
// process loads is appended to MODULE_TRACE_FILE, one URL or path a line — ES modules as the loader sees them,
// CommonJS ones (required from inside packages, which the loader does not see) from require's cache at exit.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

const file = process.env.MODULE_TRACE_FILE;
register(new URL('./module-trace-hooks.mjs', import.meta.url), { data: { file } });
process.on('exit', () => {
  appendFileSync(file, `${Object.keys(createRequire(import.meta.url).cache).join('\n')}\n`);
});
