/**
 * Why a transparency-log operation failed. The codes are stable so that the application layer
 * can map each one once (for example to its own error catalogue); the message is for humans and
 * names the problem first ("malformed note: …", "bad signature: …").
 */
export type TransparencyErrorCode =
  /** A caller passed an impossible argument (negative index, leaf beyond the tree, …). */
  | 'INVALID_ARGUMENT'
  /** A hash reader returned the wrong number of hashes or a hash that is not 32 bytes. */
  | 'HASH_READ_FAILED'
  /** A signer or verifier key string, key name or raw key is not valid. */
  | 'MALFORMED_KEY'
  /** A signed note does not follow c2sp.org/signed-note syntax. */
  | 'MALFORMED_NOTE'
  /** A signature by a known key did not verify. */
  | 'BAD_SIGNATURE'
  /** No signature by a known key was found (only unknown keys signed the note). */
  | 'NO_VERIFIED_SIGNATURE'
  /** Two different known keys share the same name and key hash. */
  | 'AMBIGUOUS_KEY'
  /** A checkpoint body does not follow c2sp.org/tlog-checkpoint. */
  | 'MALFORMED_CHECKPOINT'
  /** A tile, tile path or entry bundle does not follow c2sp.org/tlog-tiles. */
  | 'MALFORMED_TILE';

/** The one error type thrown by src/transparency; `code` says which kind of failure it is. */
export class TransparencyError extends Error {
  constructor(
    readonly code: TransparencyErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'TransparencyError';
  }
}
