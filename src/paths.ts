/**
 * The project's own files (catalogue, public/). This module sits one level below the root, as
 * does the bundle in dist/ that `npm run build` makes, so the same expression holds in both.
 */
import path from 'node:path';

export const PROJECT_ROOT = path.resolve(import.meta.dirname, '..');
