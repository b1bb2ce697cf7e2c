// What a bundle was built from: every source file's path, size and modification time, plus the
// dependency lock and the TypeScript settings. `bin/hoshi.js` runs dist/hoshi.mjs only when this
// stamp still matches, so an edited source file never runs as stale bundled code. Statting a few
// hundred files takes a few milliseconds.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BUNDLE = path.join(ROOT, 'dist', 'hoshi.mjs');
export const STAMP = path.join(ROOT, 'dist', 'hoshi.stamp');

export function sourceStamp(root = ROOT) {
  const hash = createHash('sha256');
  const add = (file) => {
    const stat = fs.statSync(file);
    hash.update(`${path.relative(root, file)}\0${stat.size}\0${stat.mtimeMs}\n`);
  };
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else add(file);
    }
  };
  walk(path.join(root, 'src'));
  for (const file of ['package-lock.json', 'tsconfig.json']) if (fs.existsSync(path.join(root, file))) add(path.join(root, file));
  return hash.digest('hex');
}

/** True when dist/ holds a bundle of exactly the current sources. */
export function bundleIsCurrent() {
  try {
    return fs.readFileSync(STAMP, 'utf8').trim() === sourceStamp() && fs.existsSync(BUNDLE);
  } catch {
    return false;
  }
}
