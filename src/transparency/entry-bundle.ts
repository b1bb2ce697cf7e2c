/**
 * Entry bundles (https://c2sp.org/tlog-tiles): up to 256 consecutive log entries, each as a
 * big-endian uint16 length followed by the entry bytes. Entry i of bundle N is leaf N·256 + i.
 */
import { TransparencyError } from './errors.ts';
import { TILE_WIDTH } from './tile-path.ts';

/** Largest entry a bundle can carry: its length must fit the uint16 prefix. */
export const MAX_ENTRY_SIZE = 0xffff;

/** Encodes 1 to 256 entries as an entry bundle. */
export function formatEntryBundle(entries: readonly Uint8Array[]): Uint8Array {
  if (entries.length < 1 || entries.length > TILE_WIDTH) {
    throw new TransparencyError('INVALID_ARGUMENT', `an entry bundle holds 1 to ${TILE_WIDTH} entries, got ${entries.length}`);
  }
  let total = 0;
  entries.forEach((entry, i) => {
    if (entry.length > MAX_ENTRY_SIZE) {
      throw new TransparencyError('INVALID_ARGUMENT', `entry ${i} is ${entry.length} bytes; bundles allow at most ${MAX_ENTRY_SIZE}`);
    }
    total += 2 + entry.length;
  });
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  let offset = 0;
  for (const entry of entries) {
    view.setUint16(offset, entry.length);
    out.set(entry, offset + 2);
    offset += 2 + entry.length;
  }
  return out;
}

/** Decodes an entry bundle into its entries; throws MALFORMED_TILE when truncated or too long. */
export function parseEntryBundle(data: Uint8Array): Uint8Array[] {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const entries: Uint8Array[] = [];
  let offset = 0;
  while (offset < data.length) {
    if (entries.length === TILE_WIDTH) throw new TransparencyError('MALFORMED_TILE', `malformed entry bundle: more than ${TILE_WIDTH} entries`);
    if (offset + 2 > data.length) throw new TransparencyError('MALFORMED_TILE', 'malformed entry bundle: truncated length prefix');
    const length = view.getUint16(offset);
    if (offset + 2 + length > data.length) {
      throw new TransparencyError('MALFORMED_TILE', `malformed entry bundle: entry ${entries.length} is truncated`);
    }
    entries.push(data.slice(offset + 2, offset + 2 + length));
    offset += 2 + length;
  }
  if (entries.length === 0) throw new TransparencyError('MALFORMED_TILE', 'malformed entry bundle: empty');
  return entries;
}
