/**
 * Ed25519 keys for signed notes (https://c2sp.org/signed-note), in the text formats of Go's
 * golang.org/x/mod/sumdb/note, so that keys move between this code and the Go tooling:
 *
 *   verifier key  <name>+<8 hex key hash>+<base64(0x01 || 32-byte public key)>
 *   signer key    PRIVATE+KEY+<name>+<8 hex key hash>+<base64(0x01 || 32-byte seed)>
 *
 * Error messages never repeat a signer key string: it holds the private key.
 */
import crypto, { type KeyObject } from 'node:crypto';
import { decodeBase64, encodeBase64, hasLoneSurrogate, utf8 } from './encoding.ts';
import { TransparencyError } from './errors.ts';

/** The signature type byte of Ed25519 in signed notes. */
export const ALG_ED25519 = 0x01;

// DER headers that turn a raw 32-byte Ed25519 key into SPKI / PKCS #8 (RFC 8410), which is what
// node:crypto imports; the raw key follows the header directly.
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SIGNER_PREFIX = 'PRIVATE+KEY+';

/** A key that can verify notes: its name and raw 32-byte Ed25519 public key. */
export interface NoteVerifier {
  name: string;
  publicKeyRaw: Uint8Array;
}

/** A key that can sign notes: its name and an Ed25519 private key. */
export interface NoteSigner {
  name: string;
  privateKey: KeyObject;
}

/** A parsed verifier key string. */
export interface ParsedVerifierKey extends NoteVerifier {
  /** The key ID (uint32) that signature lines carry. */
  keyHash: number;
}

/** A parsed signer key string. */
export interface ParsedSignerKey extends NoteSigner {
  keyHash: number;
  publicKeyRaw: Uint8Array;
}

/**
 * Why `name` cannot be a key name, or undefined when it can. The spec forbids empty names, Unicode
 * spaces and "+"; control characters are refused too because a note may not contain them.
 */
export function keyNameProblem(name: string): string | undefined {
  if (typeof name !== 'string' || name === '') return 'key name is empty';
  if (/\p{White_Space}/u.test(name)) return 'key name contains a space';
  if (name.includes('+')) return 'key name contains "+"';
  if (/[\x00-\x1f\x7f]/.test(name)) return 'key name contains a control character';
  if (hasLoneSurrogate(name)) return 'key name is not valid Unicode';
  return undefined;
}

function checkName(name: string): void {
  const problem = keyNameProblem(name);
  if (problem) throw new TransparencyError('MALFORMED_KEY', `malformed key: ${problem}`);
}

function checkRawKey(raw: Uint8Array, what: string): void {
  if (!(raw instanceof Uint8Array) || raw.length !== 32) {
    throw new TransparencyError('MALFORMED_KEY', `malformed key: an Ed25519 ${what} is 32 bytes, got ${raw instanceof Uint8Array ? raw.length : typeof raw}`);
  }
}

/** The key ID: the first 4 bytes, big-endian, of SHA-256(name || 0x0A || 0x01 || public key). */
export function keyHash(name: string, publicKeyRaw: Uint8Array): number {
  checkName(name);
  checkRawKey(publicKeyRaw, 'public key');
  const digest = crypto
    .createHash('sha256')
    .update(utf8(name))
    .update(Uint8Array.of(0x0a, ALG_ED25519))
    .update(publicKeyRaw)
    .digest();
  return digest.readUInt32BE(0);
}

const hex8 = (hash: number): string => hash.toString(16).padStart(8, '0');

/** Imports a raw 32-byte Ed25519 public key. */
export function publicKeyFromRaw(publicKeyRaw: Uint8Array): KeyObject {
  checkRawKey(publicKeyRaw, 'public key');
  return crypto.createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, publicKeyRaw]), format: 'der', type: 'spki' });
}

/** Imports an Ed25519 private key from its raw 32-byte seed. */
export function privateKeyFromSeed(seed: Uint8Array): KeyObject {
  checkRawKey(seed, 'seed');
  return crypto.createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

/** Throws MALFORMED_KEY unless `key` is an Ed25519 key of the given type. */
export function checkEd25519(key: KeyObject, type: 'public' | 'private'): void {
  if (!(key instanceof crypto.KeyObject) || key.asymmetricKeyType !== 'ed25519' || key.type !== type) {
    throw new TransparencyError('MALFORMED_KEY', `malformed key: expected an Ed25519 ${type} key`);
  }
}

/** The raw 32-byte public key of an Ed25519 public or private key. */
export function rawPublicKey(key: KeyObject): Uint8Array {
  const publicKey = key.type === 'private' ? crypto.createPublicKey(key) : key;
  checkEd25519(publicKey, 'public');
  return new Uint8Array(Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url'));
}

function rawSeed(privateKey: KeyObject): Uint8Array {
  checkEd25519(privateKey, 'private');
  return new Uint8Array(Buffer.from(privateKey.export({ format: 'jwk' }).d!, 'base64url'));
}

/** The verifier key string `<name>+<hash>+<base64(0x01 || public key)>`. */
export function verifierKey(name: string, publicKeyRaw: Uint8Array): string {
  const hash = keyHash(name, publicKeyRaw);
  return `${name}+${hex8(hash)}+${encodeBase64(Uint8Array.of(ALG_ED25519, ...publicKeyRaw))}`;
}

/** The signer key string `PRIVATE+KEY+<name>+<hash>+<base64(0x01 || seed)>`. Keep it secret. */
export function signerKey(name: string, privateKey: KeyObject): string {
  const hash = keyHash(name, rawPublicKey(privateKey));
  return `${SIGNER_PREFIX}${name}+${hex8(hash)}+${encodeBase64(Uint8Array.of(ALG_ED25519, ...rawSeed(privateKey)))}`;
}

/** A fresh Ed25519 key pair as a signer key string and its verifier key string. */
export function generateNoteKeys(name: string): { signerKey: string; verifierKey: string } {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
  return { signerKey: signerKey(name, privateKey), verifierKey: verifierKey(name, rawPublicKey(publicKey)) };
}

/** Splits `<name>+<hash>+<base64 key>` and checks the pieces; `what` names the key kind in errors. */
function splitKey(text: string, what: string): { name: string; hash: number; raw: Uint8Array } {
  const malformed = (problem: string) => new TransparencyError('MALFORMED_KEY', `malformed ${what}: ${problem}`);
  if (typeof text !== 'string') throw malformed('not a string');
  // Names cannot contain "+" but base64 can, so only the first two "+" separate fields.
  const first = text.indexOf('+');
  const second = first < 0 ? -1 : text.indexOf('+', first + 1);
  if (second < 0) throw malformed('expected <name>+<key hash>+<key>');
  const name = text.slice(0, first);
  const hashHex = text.slice(first + 1, second);
  const problem = keyNameProblem(name);
  if (problem) throw malformed(problem);
  if (!/^[0-9a-fA-F]{8}$/.test(hashHex)) throw malformed('key hash is not 8 hex digits');
  const encoded = decodeBase64(text.slice(second + 1));
  if (!encoded) throw malformed('key is not valid base64');
  if (encoded[0] !== ALG_ED25519) throw malformed(`unsupported signature type ${encoded[0] ?? 'none'} (only Ed25519, type 1)`);
  if (encoded.length !== 33) throw malformed(`Ed25519 key is ${encoded.length - 1} bytes, want 32`);
  return { name, hash: Number.parseInt(hashHex, 16), raw: encoded.subarray(1) };
}

/** Parses a verifier key string, checking that its key hash matches its name and key. */
export function parseVerifierKey(text: string): ParsedVerifierKey {
  const { name, hash, raw } = splitKey(text, 'verifier key');
  if (keyHash(name, raw) !== hash) {
    throw new TransparencyError('MALFORMED_KEY', 'malformed verifier key: key hash does not match the name and key');
  }
  return { name, keyHash: hash, publicKeyRaw: raw };
}

/** Parses a signer key string, checking that its key hash matches its name and key. */
export function parseSignerKey(text: string): ParsedSignerKey {
  if (typeof text !== 'string' || !text.startsWith(SIGNER_PREFIX)) {
    throw new TransparencyError('MALFORMED_KEY', `malformed signer key: does not start with ${SIGNER_PREFIX}`);
  }
  const { name, hash, raw } = splitKey(text.slice(SIGNER_PREFIX.length), 'signer key');
  const privateKey = privateKeyFromSeed(raw);
  const publicKeyRaw = rawPublicKey(privateKey);
  if (keyHash(name, publicKeyRaw) !== hash) {
    throw new TransparencyError('MALFORMED_KEY', 'malformed signer key: key hash does not match the name and key');
  }
  return { name, keyHash: hash, privateKey, publicKeyRaw };
}
