import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { describe, it } from 'node:test';
import {
  type NoteVerifier,
  generateNoteKeys,
  keyHash,
  openNote,
  parseSignerKey,
  parseVerifierKey,
  privateKeyFromSeed,
  rawPublicKey,
  signNote,
  signerKey,
  verifierKey,
} from '../../src/transparency/index.ts';

// Vectors from Go's golang.org/x/mod/sumdb/note tests (note_test.go), so that notes and keys
// interoperate with the Go tooling byte for byte.
const GO = {
  peterVerifier: 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW',
  peterSigner: 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz',
  enochVerifier: 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop',
  text: "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n",
  peterSig: '— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n',
  enochSig: '— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n',
};

// A fixed key: seed = 32 bytes of 0x01, name "hoshi.example/log". The expected strings were
// computed once outside this code base (Python `cryptography` + hashlib) and written down here.
const FIXED = {
  seed: new Uint8Array(32).fill(1),
  name: 'hoshi.example/log',
  publicKeyHex: '8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c',
  keyHash: 0xa0b2726e,
  verifierKey: 'hoshi.example/log+a0b2726e+AYqI4910CfGV/VLbLTy6XXLKZwm/HZQSG/N0iAG0D29c',
  signerKey: 'PRIVATE+KEY+hoshi.example/log+a0b2726e+AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEB',
  text: 'hoshi.example/log\n3\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n',
  signatureLine: '— hoshi.example/log oLJybsMb1wL2BliGbVZUwFwGDiVWvMFKHNek0gdYyMz+CzuTT5SeT8XcGAp2X6YhkYwP1pcVf5UwpYrVRBHj0I8MqQE=\n',
};

const peter = () => parseVerifierKey(GO.peterVerifier);
const enoch = () => parseVerifierKey(GO.enochVerifier);

function signer(name: string) {
  const { privateKey } = crypto.generateKeyPairSync('ed25519');
  return { name, privateKey, verifier: { name, publicKeyRaw: rawPublicKey(privateKey) } satisfies NoteVerifier };
}

describe('note keys', () => {
  it('computes the key hash and key strings of a fixed key exactly', () => {
    const privateKey = privateKeyFromSeed(FIXED.seed);
    const publicKeyRaw = rawPublicKey(privateKey);
    assert.equal(Buffer.from(publicKeyRaw).toString('hex'), FIXED.publicKeyHex);
    assert.equal(keyHash(FIXED.name, publicKeyRaw), FIXED.keyHash);
    assert.equal(verifierKey(FIXED.name, publicKeyRaw), FIXED.verifierKey);
    assert.equal(signerKey(FIXED.name, privateKey), FIXED.signerKey);
  });

  it('signs with the fixed key exactly as the reference, and node:crypto verifies it on its own', () => {
    const note = signNote(FIXED.text, [{ name: FIXED.name, privateKey: privateKeyFromSeed(FIXED.seed) }]);
    assert.equal(note, `${FIXED.text}\n${FIXED.signatureLine}`);
    const payload = Buffer.from(FIXED.signatureLine.trim().split(' ')[2]!, 'base64');
    assert.equal(payload.readUInt32BE(0), FIXED.keyHash);
    const publicKey = crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(FIXED.publicKeyHex, 'hex').toString('base64url') }, format: 'jwk' });
    assert.equal(crypto.verify(null, Buffer.from(FIXED.text), publicKey, payload.subarray(4)), true);
  });

  it('round-trips verifier and signer key strings', () => {
    const keys = generateNoteKeys('registry.example.jp/log');
    const parsedSigner = parseSignerKey(keys.signerKey);
    const parsedVerifier = parseVerifierKey(keys.verifierKey);
    assert.equal(parsedSigner.name, 'registry.example.jp/log');
    assert.equal(parsedSigner.keyHash, parsedVerifier.keyHash);
    assert.deepEqual(parsedSigner.publicKeyRaw, parsedVerifier.publicKeyRaw);
    assert.equal(signerKey(parsedSigner.name, parsedSigner.privateKey), keys.signerKey);
    assert.equal(verifierKey(parsedVerifier.name, parsedVerifier.publicKeyRaw), keys.verifierKey);
    const note = signNote('hello\n', [parsedSigner]);
    assert.equal(openNote(note, [parsedVerifier]).text, 'hello\n');
  });

  it('reads the Go vectors, whose signer and verifier are one key', () => {
    const goSigner = parseSignerKey(GO.peterSigner);
    assert.equal(goSigner.keyHash, 0xc74f20a3);
    assert.deepEqual(goSigner.publicKeyRaw, peter().publicKeyRaw);
  });

  it('rejects every truncation and every one-character change of a verifier key (as Go does)', () => {
    const key = GO.peterVerifier;
    for (let i = 0; i <= key.length; i++) {
      for (let j = i + 1; j <= key.length; j++) {
        if (i !== 0 || j !== key.length) assert.throws(() => parseVerifierKey(key.slice(i, j)), { code: 'MALFORMED_KEY' }, key.slice(i, j));
      }
    }
    for (let i = 0; i < key.length; i++) {
      const mangled = key.slice(0, i) + String.fromCharCode(key.charCodeAt(i) + 1) + key.slice(i + 1);
      assert.throws(() => parseVerifierKey(mangled), { code: 'MALFORMED_KEY' }, mangled);
    }
    // Go's: wrong key length and unknown algorithm, each with a matching key hash.
    assert.throws(() => parseVerifierKey('PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY=='), { code: 'MALFORMED_KEY' });
    assert.throws(() => parseVerifierKey('PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'), /unsupported signature type/);
  });

  it('rejects every truncation and one-character change of a signer key, without echoing it', () => {
    const key = GO.peterSigner;
    for (let i = 0; i <= key.length; i++) {
      for (let j = i + 1; j <= key.length; j++) {
        if (i === 0 && j === key.length) continue;
        assert.throws(
          () => parseSignerKey(key.slice(i, j)),
          (error: Error & { code?: string }) => error.code === 'MALFORMED_KEY' && !error.message.includes('AYEKFALVFG'),
        );
      }
    }
    for (let i = 0; i < key.length; i++) {
      const mangled = key.slice(0, i) + String.fromCharCode(key.charCodeAt(i) + 1) + key.slice(i + 1);
      assert.throws(() => parseSignerKey(mangled), { code: 'MALFORMED_KEY' });
    }
  });

  it('refuses key names that are empty or contain a space or "+"', () => {
    const raw = new Uint8Array(32);
    for (const name of ['', 'a b', 'a+b', 'tab\there', 'nbsp\u00a0here', 'ideographic\u3000space']) {
      assert.throws(() => verifierKey(name, raw), { code: 'MALFORMED_KEY' }, JSON.stringify(name));
    }
    assert.throws(() => verifierKey('ok', new Uint8Array(31)), /32 bytes/);
  });
});

describe('signNote and openNote', () => {
  it('round-trips a note signed by two keys and reports both verified', () => {
    const a = signer('log.example/a');
    const b = signer('witness.example/b');
    const note = signNote('line one\n\nline three\n', [a, b]);
    const opened = openNote(note, [a.verifier, b.verifier]);
    assert.equal(opened.text, 'line one\n\nline three\n');
    assert.deepEqual(
      opened.signatures.map((s) => [s.name, s.verified]),
      [['log.example/a', true], ['witness.example/b', true]],
    );
    assert.equal(opened.signatures[0]!.keyHash, keyHash(a.name, a.verifier.publicKeyRaw));
  });

  it('writes one "— <name> <base64>" line per signer after a blank line', () => {
    const a = signer('log.example/a');
    const note = signNote('x\n', [a]);
    assert.match(note, /^x\n\n\u2014 log\.example\/a [A-Za-z0-9+/]{91}=\n$/);
  });

  it('signs exactly as Go does and opens Go notes, listing unknown signers as unverified', () => {
    assert.equal(signNote(GO.text, [parseSignerKey(GO.peterSigner)]), `${GO.text}\n${GO.peterSig}`);
    const opened = openNote(`${GO.text}\n${GO.peterSig}${GO.enochSig}`, [peter()]);
    assert.equal(opened.text, GO.text);
    assert.deepEqual(opened.signatures, [
      { name: 'PeterNeumann', keyHash: 0xc74f20a3, verified: true },
      { name: 'EnochRoot', keyHash: 0xaf0cfe78, verified: false },
    ]);
    assert.equal(openNote(`${GO.text}\n${GO.peterSig}${GO.enochSig}`, [peter(), enoch()]).signatures.filter((s) => s.verified).length, 2);
  });

  it('lists a key that signed twice once', () => {
    const opened = openNote(`${GO.text}\n${GO.peterSig}${GO.peterSig}${GO.enochSig}${GO.enochSig}`, [peter()]);
    assert.equal(opened.signatures.length, 2);
  });

  it('rejects a note whose text was changed by one byte: bad signature', () => {
    const a = signer('log.example/a');
    const note = signNote('tree size 41\n', [a]);
    assert.throws(() => openNote(note.replace('41', '42'), [a.verifier]), { code: 'BAD_SIGNATURE', message: /^bad signature/ });
  });

  it('rejects a signature by a known key that does not verify, even beside a good one', () => {
    const damaged = `${GO.peterSig.slice(0, 60)}ABCD${GO.peterSig.slice(60)}`;
    assert.throws(() => openNote(`${GO.text}\n${damaged}`, [peter()]), { code: 'BAD_SIGNATURE' });
    assert.throws(() => openNote(`${GO.text}\n${GO.peterSig}${damaged}`, [peter()]), { code: 'BAD_SIGNATURE' });
  });

  it('rejects a note signed with another key under the same name: no verified signature', () => {
    const real = signer('log.example/a');
    const impostor = signer('log.example/a');
    const note = signNote('hello\n', [impostor]);
    assert.throws(() => openNote(note, [real.verifier]), { code: 'NO_VERIFIED_SIGNATURE', message: /^no verified signature.*unknown key/ });
  });

  it('rejects a note signed only by an unknown key name', () => {
    const stranger = signer('stranger.example');
    const note = signNote('hello\n', [stranger]);
    assert.throws(() => openNote(note, [signer('log.example/a').verifier]), {
      code: 'NO_VERIFIED_SIGNATURE',
      message: /unknown key\(s\) stranger\.example\+[0-9a-f]{8}/,
    });
    assert.throws(() => openNote(`${GO.text}\n${GO.peterSig}${GO.enochSig}`, []), { code: 'NO_VERIFIED_SIGNATURE' });
  });

  it('rejects malformed notes (Go\'s list, plus too many signatures and control characters)', () => {
    const bad = [
      GO.text,
      `${GO.text}\n`,
      `${GO.text}\n${GO.peterSig.slice(0, -1)}`,
      `\x01${GO.text}\n${GO.peterSig}`,
      `${GO.text}\n— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=`,
      `${GO.text}\n${GO.peterSig}Unexpected line.\n`,
      `${GO.text}\n${GO.peterSig.repeat(101)}`,
      `${GO.text}\n${GO.peterSig.replace('— ', '- ')}`,
      `${GO.text}\n${GO.peterSig.replace('x08go', 'x08g')}`,
      `${GO.text}\r\n${GO.peterSig}`,
      `${GO.text}\n— PeterNeumann AAAA\n`,
    ];
    for (const note of bad) assert.throws(() => openNote(note, [peter()]), { code: 'MALFORMED_NOTE', message: /^malformed note/ }, JSON.stringify(note));
    assert.equal(openNote(`${GO.text}\n${GO.peterSig.repeat(100)}`, [peter()]).signatures.length, 1);
  });

  it('opens notes given as bytes and rejects invalid UTF-8', () => {
    const bytes = Buffer.from(`${GO.text}\n${GO.peterSig}`);
    assert.equal(openNote(new Uint8Array(bytes), [peter()]).text, GO.text);
    const invalid = Buffer.concat([Buffer.from([0xff]), bytes]);
    assert.throws(() => openNote(invalid, [peter()]), { code: 'MALFORMED_NOTE', message: /UTF-8/ });
  });

  it('refuses to sign text that is empty, lacks the final newline or holds control characters', () => {
    const a = signer('log.example/a');
    for (const text of ['', 'no newline', 'tab\there\n', 'nul\0\n']) {
      assert.throws(() => signNote(text, [a]), { code: 'MALFORMED_NOTE' }, JSON.stringify(text));
    }
    assert.throws(() => signNote('x\n', []), { code: 'INVALID_ARGUMENT' });
    assert.throws(() => signNote('x\n', [{ name: 'a b', privateKey: a.privateKey }]), { code: 'MALFORMED_KEY' });
    const { publicKey } = crypto.generateKeyPairSync('ed25519');
    assert.throws(() => signNote('x\n', [{ name: 'a', privateKey: publicKey }]), { code: 'MALFORMED_KEY' });
    const { privateKey: ecdsa } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
    assert.throws(() => signNote('x\n', [{ name: 'a', privateKey: ecdsa }]), { code: 'MALFORMED_KEY' });
  });
});
