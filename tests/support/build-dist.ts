import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * Compiles src/ to dist/ once per test run, as `npm ci` does: tests that spawn bin/tubepilot.js or
 * `npm start` then run the code under test, never a dist/ left from an older checkout.
 */
export default async function setup() {
  await promisify(execFile)(process.execPath, [join(import.meta.dirname, '../../scripts/build.mjs')]);
}
