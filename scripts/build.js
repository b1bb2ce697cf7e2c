#!/usr/bin/env node
// Bundles the server and CLI into dist/hoshi.mjs with esbuild: one file loads in about a third
// of the time that tsx needs for the TypeScript sources and the hundreds of dependency modules
// (docs/benchmarks.md, start-up). Packages with native code or files read at run time stay
// external and load from node_modules.
//
//   node scripts/build.js              build
//   node scripts/build.js --if-stale   build only when the sources changed since the last build
//   node scripts/build.js --outfile X  somewhere else (tests); X must sit one level below the root
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';
import { BUNDLE, ROOT, STAMP, bundleIsCurrent, sourceStamp } from '../bin/bundle-stamp.js';

const EXTERNAL = [
  'better-sqlite3', // native addon
  '@node-rs/argon2', // native addon, per-platform package
  '@resvg/resvg-js', // native addon, per-platform package
  'pdfkit', // reads its font metrics from files beside itself
  '@secvisogram/csaf-validator-lib', // imported by computed specifier
  'pg-native', // optional in pg, not installed
];

const { values: args } = parseArgs({ options: { 'if-stale': { type: 'boolean' }, outfile: { type: 'string' } } });
const outfile = args.outfile ? path.resolve(args.outfile) : BUNDLE;
if (args['if-stale'] && !args.outfile && bundleIsCurrent()) process.exit(0);
const stamp = sourceStamp();
const started = Date.now();
const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  tsconfig: path.join(ROOT, 'tsconfig.json'),
  external: EXTERNAL.flatMap((name) => [name, `${name}/*`]),
  sourcemap: 'linked',
  logLevel: 'warning',
  // CommonJS dependencies inside an ES module bundle still call require().
  banner: { js: "import { createRequire as __hoshiRequire } from 'node:module'; const require = __hoshiRequire(import.meta.url);" },
};
await esbuild.build({ ...common, entryPoints: [path.join(ROOT, 'src', 'cli', 'main.ts')], outfile });
// The PNG render process (src/web/label-art/render-process.ts) looks for it beside the bundle.
await esbuild.build({ ...common, entryPoints: [path.join(ROOT, 'src', 'web', 'label-art', 'png-render-child.ts')], outfile: path.join(path.dirname(outfile), 'png-render-child.mjs') });
if (outfile === BUNDLE) fs.writeFileSync(STAMP, `${stamp}\n`);
process.stderr.write(`built ${path.relative(ROOT, outfile)} in ${Date.now() - started} ms\n`);
