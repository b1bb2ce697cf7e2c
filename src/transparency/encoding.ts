/**
 * Strict text encodings shared by notes, keys and checkpoints. Strict means one value has exactly
 * one accepted encoding, so a signed text cannot be re-encoded into a different accepted form.
 */

// RFC 4648 §4 alphabet with mandatory padding; no whitespace, no URL-safe characters.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Standard padded base64 (RFC 4648 §4). */
export function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/**
 * Decodes standard padded base64, or returns undefined. Rejects what Buffer.from silently
 * accepts: whitespace, URL-safe characters, missing padding and non-zero trailing bits
 * (RFC 4648 §3.5), so that decoding then encoding always gives back the input.
 */
export function decodeBase64(text: string): Uint8Array | undefined {
  if (!BASE64.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  if (bytes.toString('base64') !== text) return undefined;
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

const UTF8 = new TextEncoder();

/** UTF-8 bytes of a string (callers reject lone surrogates first, see hasLoneSurrogate). */
export function utf8(text: string): Uint8Array {
  return UTF8.encode(text);
}

/** True when the string holds a lone UTF-16 surrogate, which has no UTF-8 encoding. */
export function hasLoneSurrogate(text: string): boolean {
  // With the u flag, paired surrogates form one code point and do not match \p{Cs}.
  return /\p{Cs}/u.test(text);
}
