/**
 * Signed notes (https://c2sp.org/signed-note) with Ed25519: a UTF-8 text ending in a newline, a
 * blank line, then one line per signature, `— <key name> <base64(key hash || signature)>`.
 * Behaviour follows Go's golang.org/x/mod/sumdb/note, which produced the test vectors.
 */
import crypto, { type KeyObject } from 'node:crypto';
import { decodeBase64, encodeBase64, hasLoneSurrogate, utf8 } from './encoding.ts';
import { TransparencyError } from './errors.ts';
import { type NoteSigner, type NoteVerifier, checkEd25519, keyHash, keyNameProblem, publicKeyFromRaw, rawPublicKey } from './note-keys.ts';

export * from './note-keys.ts';

/** Go's limit, well above the spec's floor of 16, so that a hostile note cannot cost unbounded work. */
export const MAX_NOTE_SIGNATURES = 100;

const SIGNATURE_PREFIX = '\u2014 ';

/** One signature line of an opened note. */
export interface NoteSignature {
  name: string;
  /** The key ID (uint32) from the signature line. */
  keyHash: number;
  /** True when a known key made this signature and it verified; false for an unknown key. */
  verified: boolean;
}

/** An opened note: the signed text (with its final newline) and its signatures. */
export interface OpenedNote {
  text: string;
  signatures: NoteSignature[];
}

const keyId = (name: string, hash: number): string => `${name}+${hash.toString(16).padStart(8, '0')}`;

function malformed(problem: string): TransparencyError {
  return new TransparencyError('MALFORMED_NOTE', `malformed note: ${problem}`);
}

/** Why the whole note (text or signed) breaks the spec's character rules, or undefined. */
function characterProblem(text: string): string | undefined {
  if (hasLoneSurrogate(text)) return 'not valid UTF-8 (lone surrogate)';
  const control = /[\x00-\x09\x0b-\x1f]/.exec(text);
  if (control) return `contains control character U+${control[0].charCodeAt(0).toString(16).padStart(4, '0')}`;
  return undefined;
}

/**
 * Signs `text` with every signer and returns the encoded note. The text must be non-empty, end
 * in a newline and hold no control character other than newline (c2sp.org/signed-note).
 */
export function signNote(text: string, signers: readonly NoteSigner[]): string {
  if (typeof text !== 'string' || text === '' || !text.endsWith('\n')) throw malformed('text must be non-empty and end with a newline');
  const problem = characterProblem(text);
  if (problem) throw malformed(`text ${problem}`);
  if (signers.length === 0) throw new TransparencyError('INVALID_ARGUMENT', 'a note needs at least one signer');
  if (signers.length > MAX_NOTE_SIGNATURES) throw new TransparencyError('INVALID_ARGUMENT', `at most ${MAX_NOTE_SIGNATURES} signers`);
  const message = utf8(text);
  const lines = signers.map(({ name, privateKey }) => {
    checkEd25519(privateKey, 'private');
    const hash = keyHash(name, rawPublicKey(privateKey));
    const signature = crypto.sign(null, message, privateKey);
    const payload = new Uint8Array(4 + signature.length);
    new DataView(payload.buffer).setUint32(0, hash);
    payload.set(signature, 4);
    return `${SIGNATURE_PREFIX}${name} ${encodeBase64(payload)}\n`;
  });
  return `${text}\n${lines.join('')}`;
}

interface KnownKey {
  name: string;
  keyHash: number;
  raw: Uint8Array;
  publicKey: KeyObject;
}

/** Indexes the verifiers by key ID; the same key listed twice is fine, two keys under one ID are not. */
function indexVerifiers(verifiers: readonly NoteVerifier[]): Map<string, KnownKey[]> {
  const known = new Map<string, KnownKey[]>();
  for (const { name, publicKeyRaw } of verifiers) {
    const hash = keyHash(name, publicKeyRaw);
    const id = keyId(name, hash);
    const keys = known.get(id) ?? [];
    if (!keys.some((k) => Buffer.compare(k.raw, publicKeyRaw) === 0)) {
      keys.push({ name, keyHash: hash, raw: publicKeyRaw, publicKey: publicKeyFromRaw(publicKeyRaw) });
    }
    known.set(id, keys);
  }
  return known;
}

/** Splits one signature line into name, key hash and signature bytes. */
function parseSignatureLine(line: string): { name: string; keyHash: number; signature: Uint8Array } {
  if (!line.startsWith(SIGNATURE_PREFIX)) throw malformed('a signature line does not start with "— "');
  const rest = line.slice(SIGNATURE_PREFIX.length);
  const space = rest.indexOf(' ');
  if (space < 0) throw malformed('a signature line has no space between key name and signature');
  const name = rest.slice(0, space);
  const problem = keyNameProblem(name);
  if (problem) throw malformed(`signature line: ${problem}`);
  const bytes = decodeBase64(rest.slice(space + 1));
  if (!bytes || bytes.length < 5) throw malformed(`signature by ${name} is not base64 of a key hash and a signature`);
  const keyHashValue = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0);
  return { name, keyHash: keyHashValue, signature: bytes.subarray(4) };
}

/**
 * Parses a signed note and verifies its signatures against the known keys. Signatures by unknown
 * keys are listed with `verified: false` and otherwise ignored, as the spec requires (this is how
 * witnesses cosign and how keys rotate). Throws TransparencyError: MALFORMED_NOTE, BAD_SIGNATURE
 * (a known key's signature fails), AMBIGUOUS_KEY, or NO_VERIFIED_SIGNATURE (no known key signed).
 * The text must only be trusted when this returns.
 */
export function openNote(note: string | Uint8Array, verifiers: readonly NoteVerifier[]): OpenedNote {
  let message: string;
  if (note instanceof Uint8Array) {
    try {
      message = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(note);
    } catch {
      throw malformed('not valid UTF-8');
    }
  } else if (typeof note === 'string') {
    message = note;
  } else {
    throw malformed('not a string or bytes');
  }
  const problem = characterProblem(message);
  if (problem) throw malformed(problem);

  // The text ends at the last blank line; it keeps its own final newline (c2sp.org/signed-note).
  const split = message.lastIndexOf('\n\n');
  if (split < 0) throw malformed('no blank line before the signatures');
  const text = message.slice(0, split + 1);
  const block = message.slice(split + 2);
  if (block === '' || !block.endsWith('\n')) throw malformed('the signature block is empty or does not end with a newline');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_NOTE_SIGNATURES) throw malformed(`more than ${MAX_NOTE_SIGNATURES} signatures`);

  const known = indexVerifiers(verifiers);
  const textBytes = utf8(text);
  const signatures: NoteSignature[] = [];
  const listed = new Set<string>();
  const unknown: string[] = [];
  for (const line of lines) {
    const { name, keyHash: hash, signature } = parseSignatureLine(line);
    const id = keyId(name, hash);
    const keys = known.get(id);
    if (keys && keys.length > 1) throw new TransparencyError('AMBIGUOUS_KEY', `ambiguous key: several known keys are ${id}`);
    const key = keys?.[0];
    // Every signature by a known key is checked, repeats included: the spec says verifiers MUST
    // verify them (Go skips repeats; a bad repeat is still a forgery attempt worth refusing).
    if (key && !(signature.length === 64 && crypto.verify(null, textBytes, key.publicKey, signature))) {
      throw new TransparencyError('BAD_SIGNATURE', `bad signature: the signature by known key ${id} does not verify`);
    }
    if (!key) unknown.push(id);
    // Repeated lines by one key are listed once, as in Go.
    if (listed.has(id)) continue;
    listed.add(id);
    signatures.push({ name, keyHash: hash, verified: key !== undefined });
  }
  if (!signatures.some((s) => s.verified)) {
    const knownIds = [...known.keys()].join(', ') || 'none';
    throw new TransparencyError(
      'NO_VERIFIED_SIGNATURE',
      `no verified signature: the note is signed only by unknown key(s) ${[...new Set(unknown)].join(', ')}; known keys: ${knownIds}`,
    );
  }
  return { text, signatures };
}
