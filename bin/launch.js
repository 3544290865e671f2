// How bin/tubepilot.js and `npm start` run TubePilot: the JavaScript that `npm ci` / `npm install` compiled
// to dist/ (scripts/build.mjs), with plain node. In a checkout where src/ changed since that build (or that
// never built), the TypeScript runs through tsx instead, with a note: slower to start, but never stale code.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
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

/**
 * Why dist/ cannot be run: missing, or a source of src/ changed since the build (saved later and different
 * from what was built: a file rewritten unchanged does not count); undefined when dist/ is current.
 */
function whyNotBuilt() {
  const stamp = join(root, 'dist/.built');
  let built;
  let hashes;
  try {
    built = statSync(stamp).mtimeMs;
    hashes = JSON.parse(readFileSync(stamp, 'utf8'));
  } catch {
    return 'dist/ is not built';
  }
  const src = join(root, 'src');
  for (const file of readdirSync(src, { recursive: true })) {
    if (!file.endsWith('.ts') || statSync(join(src, file)).mtimeMs <= built) continue;
    const hash = createHash('sha1')
      .update(readFileSync(join(src, file)))
      .digest('hex');
    if (hashes[file] !== hash) return `src/${file} changed after the last build`;
  }
  return undefined;
}
