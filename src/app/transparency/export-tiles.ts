/**
 * Writes the log as static C2SP tlog-tiles files (checkpoint, hash tiles, entry bundles) that any
 * web server or CDN can host. Full tiles never change, so a re-export only adds files.
 */
import fs from 'node:fs';
import path from 'node:path';
import { entriesPath, formatEntryBundle, indexesForTile, tileHashes, tilePath, tilesForTree } from '../../transparency/index.ts';
import type { AppContext } from '../context.ts';
import { currentCheckpoint } from './checkpoints.ts';
import { readStoredHashes } from './log-store.ts';

export async function exportTiles(ctx: AppContext, dir: string): Promise<{ size: number; files: number }> {
  const checkpoint = await currentCheckpoint(ctx);
  let files = 0;
  const write = (relative: string, data: Uint8Array | string) => {
    const file = path.join(dir, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, data);
    files++;
  };
  for (const tile of tilesForTree(checkpoint.size)) {
    const read = await readStoredHashes(ctx.db, indexesForTile(tile.level, tile.index, tile.width));
    write(tilePath(tile.level, tile.index, tile.width), tileHashes(tile.level, tile.index, tile.width, read));
    if (tile.level === 0) {
      const rows = await ctx.db
        .selectFrom('log_entries')
        .select('leaf')
        .where('idx', '>=', tile.index * 256)
        .where('idx', '<', tile.index * 256 + tile.width)
        .orderBy('idx')
        .execute();
      write(entriesPath(tile.index, tile.width), formatEntryBundle(rows.map((r) => new TextEncoder().encode(r.leaf))));
    }
  }
  // The checkpoint last: a reader that sees it finds every tile it names.
  write('checkpoint', checkpoint.note);
  return { size: checkpoint.size, files };
}
