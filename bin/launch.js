// How bin/tubepilot.js and `npm start` run TubePilot: the JavaScript that `npm ci` / `npm install` compiled
// to dist/ (scripts/build.mjs), with plain node. In a checkout where src/ changed since that build (or that
// never built), the TypeScript runs through tsx instead, with a note: slower to start, but never stale code.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');

/** Runs `dist/<entry>.js`, or `src/<entry>.ts` through tsx when dist/ is missing or older than src/. */
export async function launch(entry) {
  const outdated = whyNotBuilt();
  if (outdated === undefined) {
    await import(join(root, 'dist', `${entry}.js`));
    return;
  }
  process.stderr.write(
    `tubepilot: ${outdated}, so the TypeScript runs through tsx (slower start); \`npm run build\` compiles it.\n`,
  );
  const { register } = await import('tsx/esm/api');
  register();
  await import(join(root, 'src', `${entry}.ts`));
}

/** Why dist/ cannot be run: missing, or a file of src/ newer than the build; undefined when it is current. */
function whyNotBuilt() {
  let built;
  try {
    built = statSync(join(root, 'dist/.built')).mtimeMs;
  } catch {
    return 'dist/ is not built';
  }
  const src = join(root, 'src');
  for (const file of readdirSync(src, { recursive: true })) {
    if (statSync(join(src, file)).mtimeMs > built) return `src/${file} changed after the last build`;
  }
  return undefined;
}
