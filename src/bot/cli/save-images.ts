import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Reply } from '../../core/reply.js';

/** Writes the reply's images into `dir` and returns their paths by image name (terminals cannot show PNGs). */
export async function saveReplyImages(reply: Reply, dir: string): Promise<Record<string, string>> {
  if (!reply.images?.length) return {};
  await mkdir(dir, { recursive: true });
  const paths: Record<string, string> = {};
  for (const image of reply.images) {
    const path = join(dir, image.name.replace(/[^\w.-]+/g, '_'));
    await writeFile(path, image.png);
    paths[image.name] = path;
  }
  return paths;
}
