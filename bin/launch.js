// How bin/tubepilot.js and `npm start` run TubePilot: the JavaScript that `npm ci` / `npm install` compiled
// to dist/ (scripts/build.mjs), with plain node. In a checkout where src/ changed since that build (or that
// never built), the TypeScript runs through tsx instead, with a note: slower to start, but never stale code.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import module from 'node:module';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');

/** Runs `dist/<entry>.js`, or `src/<entry>.ts` through tsx when dist/ is missing or older than src/. */
export async function launch(entry) {
  // Node ≥ 22.1 keeps the modules it compiled on disk (its default: under the OS temporary directory), so the next
  // command does not compile them again; Node 20 has no such cache.
  module.enableCompileCache?.();
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
  let files;
  let directories;
  try {
    built = statSync(stamp).mtimeMs;
    ({ files, directories } = JSON.parse(readFileSync(stamp, 'utf8')));
  } catch {
    return 'dist/ is not built';
  }
  if (!files || !directories) return 'dist/ was built by an older launcher';
  const src = join(root, 'src');
  // Listing src/ cost every command ~0.02 s CPU: the sources built are looked up by name instead, and src/ is
  // listed only when one of its directories changed since the build (a file added, removed or renamed there).
  const moved = directories.some((directory) => modified(join(src, directory)) > built);
  for (const file of moved ? readdirSync(src, { recursive: true }) : Object.keys(files)) {
    if (!file.endsWith('.ts') || modified(join(src, file)) <= built) continue;
    let hash;
    try {
      hash = createHash('sha1')
        .update(readFileSync(join(src, file)))
        .digest('hex');
    } catch {
      return `src/${file} was removed after the last build`;
    }
    if (files[file] !== hash) return `src/${file} changed after the last build`;
  }
  return undefined;
}

/** When the file or directory was last changed (ms), +Infinity when it is gone: as if changed after any build. */
function modified(path) {
  return statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? Number.POSITIVE_INFINITY;
}
