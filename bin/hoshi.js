#!/usr/bin/env node
// The CLI runs the TypeScript sources through tsx's loader: one package, no build step. The
// project's tsconfig (JSX settings) is named explicitly so `hoshi` works from any directory.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
await import('../src/cli/main.ts');
