/**
 * After a restore: can the signing keys in SIGNING_KEY_DIR verify the restored log's newest
 * checkpoint? If not, a server started now would publish keys that do not match the log's
 * history (and, with an empty directory, make a new key), so monitors would see a broken log.
 * Reads only the public halves (`<kid>.json`); creates nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openNote, type NoteVerifier } from '../transparency/index.ts';

export type KeysCheck =
  | { status: 'ok'; detail: string }
  | { status: 'no-checkpoint'; detail: string }
  | { status: 'missing'; detail: string };

export function restoredKeysCheck(latestCheckpoint: string | undefined, keyDir: string): KeysCheck {
  if (!latestCheckpoint) return { status: 'no-checkpoint', detail: 'the restored log has no signed checkpoint yet; any key will do' };
  const origin = latestCheckpoint.slice(0, latestCheckpoint.indexOf('\n'));
  const metas = fs.existsSync(keyDir) ? fs.readdirSync(keyDir).filter((f) => f.endsWith('.json')) : [];
  const verifiers: NoteVerifier[] = metas.map((f) => {
    const meta = JSON.parse(fs.readFileSync(path.join(keyDir, f), 'utf8')) as { publicKey: string };
    return { name: origin, publicKeyRaw: new Uint8Array(Buffer.from(meta.publicKey, 'base64')) };
  });
  try {
    openNote(latestCheckpoint, verifiers);
    return { status: 'ok', detail: `a key in ${keyDir} verifies the restored log's newest checkpoint` };
  } catch {
    return {
      status: 'missing',
      detail: `no key in ${keyDir} verifies the restored log's newest checkpoint: restore SIGNING_KEY_DIR from its own backup before starting a server`,
    };
  }
}
