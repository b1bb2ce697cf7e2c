/**
 * Resource paths of a tiled log (https://c2sp.org/tlog-tiles): `tile/<L>/<N>[.p/<W>]` for hash
 * tiles and `tile/entries/<N>[.p/<W>]` for entry bundles. N is split into 3-digit path elements,
 * all but the last prefixed with "x", so that a file system can hold them without a file and a
 * directory sharing a name.
 */
import { TransparencyError } from './errors.ts';

/** Hashes in a full tile: tiles are 8 levels of the tree high. */
export const TILE_WIDTH = 256;

/** The highest level a tile path may name (the spec's bound). */
export const MAX_TILE_LEVEL = 63;

/** A hash tile: `width` hashes (256 when full) at tile level `level`, `index`-th in that level. */
export interface Tile {
  level: number;
  index: number;
  width: number;
}

/** What a tile path names: a hash tile, or the entry bundle of the same-numbered level-0 tile. */
export type ParsedTilePath = { kind: 'tile'; tile: Tile } | { kind: 'entries'; index: number; width: number };

function invalid(problem: string): TransparencyError {
  return new TransparencyError('INVALID_ARGUMENT', problem);
}

function encodeIndex(index: number): string {
  if (!Number.isSafeInteger(index) || index < 0) throw invalid(`tile index must be a non-negative safe integer, got ${index}`);
  const digits = String(index);
  const groups = digits.padStart(Math.ceil(digits.length / 3) * 3, '0').match(/[0-9]{3}/g)!;
  return groups.map((group, i) => (i < groups.length - 1 ? `x${group}` : group)).join('/');
}

function widthSuffix(width: number): string {
  if (!Number.isInteger(width) || width < 1 || width > TILE_WIDTH) throw invalid(`tile width must be 1 to ${TILE_WIDTH}, got ${width}`);
  return width === TILE_WIDTH ? '' : `.p/${width}`;
}

/** `tile/<L>/<N>` for a full tile, `tile/<L>/<N>.p/<W>` for a partial one (width below 256). */
export function tilePath(level: number, index: number, width: number = TILE_WIDTH): string {
  if (!Number.isInteger(level) || level < 0 || level > MAX_TILE_LEVEL) throw invalid(`tile level must be 0 to ${MAX_TILE_LEVEL}, got ${level}`);
  return `tile/${level}/${encodeIndex(index)}${widthSuffix(width)}`;
}

/** `tile/entries/<N>[.p/<W>]`: the entries whose leaf hashes form level-0 tile N. */
export function entriesPath(index: number, width: number = TILE_WIDTH): string {
  return `tile/entries/${encodeIndex(index)}${widthSuffix(width)}`;
}

/**
 * Parses a tile or entry-bundle path (without the log's URL prefix). Only the canonical spelling
 * is accepted (no extra leading zeros, no `.p/256`), so each resource has exactly one path.
 */
export function parseTilePath(path: string): ParsedTilePath {
  const malformed = () => new TransparencyError('MALFORMED_TILE', `malformed tile path: ${JSON.stringify(path)}`);
  const match = /^tile\/(entries|[0-9]{1,2})\/((?:x[0-9]{3}\/)*[0-9]{3})(?:\.p\/([0-9]{1,3}))?$/.exec(String(path));
  if (!match) throw malformed();
  const [, levelText, indexText, widthText] = match as unknown as [string, string, string, string | undefined];
  const index = Number(indexText.replaceAll('x', '').replaceAll('/', ''));
  const width = widthText === undefined ? TILE_WIDTH : Number(widthText);
  try {
    if (levelText === 'entries') {
      if (entriesPath(index, width) === path) return { kind: 'entries', index, width };
    } else {
      const level = Number(levelText);
      if (tilePath(level, index, width) === path) return { kind: 'tile', tile: { level, index, width } };
    }
  } catch {
    // Out-of-range numbers fall through to the same "malformed" answer as bad syntax.
  }
  throw malformed();
}
