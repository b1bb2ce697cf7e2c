/** Trusted keys for offline verification, read from the registry's published JWKS. */
import { parseVerifierKey, type NoteVerifier } from '../transparency/index.ts';

export interface PublishedKey {
  kty: string;
  crv: string;
  x: string;
  kid: string;
  alg?: string;
  validFrom?: string;
  validUntil?: string | null;
  /** The same key in signed-note verifier format, named by the log origin. */
  noteVerifierKey?: string;
}

export interface TrustedKeys {
  jwks: { keys: PublishedKey[] };
  notes: NoteVerifier[];
}

/** Parses a JWKS document as served at /.well-known/jwks.json. */
export function trustedKeysFromJwks(text: string): TrustedKeys {
  const jwks = JSON.parse(text) as { keys?: PublishedKey[] };
  if (!Array.isArray(jwks.keys) || jwks.keys.length === 0) throw new Error('the key file holds no keys (expected a JWKS with "keys")');
  const notes = jwks.keys.filter((k) => k.noteVerifierKey).map((k) => parseVerifierKey(k.noteVerifierKey!));
  if (notes.length === 0) throw new Error('the JWKS has no noteVerifierKey entries, so checkpoints cannot be verified');
  return { jwks: { keys: jwks.keys }, notes };
}
