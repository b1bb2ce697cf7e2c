#!/usr/bin/env node
// Runs the bundle that `npm run build` makes (dist/hoshi.mjs) when it was built from exactly the
// current sources: it starts about a second sooner. Otherwise the TypeScript sources run through
// tsx's loader, so a checkout works without a build step. The project's tsconfig (JSX settings) is
// named explicitly so `hoshi` works from any directory. Stack traces from the bundle name its
// lines; NODE_OPTIONS=--enable-source-maps maps them back to src/ (it costs 0.1 s and 40 MB).
import fs from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BUNDLE, bundleIsCurrent } from './bundle-stamp.js';

if (process.env.HOSHI_BUNDLE !== '0' && bundleIsCurrent()) {
  await import(pathToFileURL(BUNDLE).href);
} else {
  if (process.argv[2] === 'serve' && process.env.HOSHI_BUNDLE !== '0' && fs.existsSync(BUNDLE)) {
    process.stderr.write('hoshi: dist/ is older than the sources; running them through tsx (npm run build to refresh)\n');
  }
  const { register } = await import('tsx/esm/api');
  register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
  await import('../src/cli/main.ts');
}
