/**
 * The registry's Ed25519 signing keys, kept as files: `<kid>.key` (PKCS#8 PEM, mode 0600) and
 * `<kid>.json` (public key and validity window). The newest key that is not retired signs; retired
 * keys stay published so old signatures still verify. Several app servers share one directory
 * (or a copy of it).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { calculateJwkThumbprint, type JWK } from 'jose';

export interface RegistryKey {
  /** RFC 7638 JWK thumbprint of the public key. */
  kid: string;
  /** Raw 32-byte Ed25519 public key. */
  publicKey: Uint8Array;
  createdAt: string;
  retiredAt: string | null;
}

export interface SigningKey extends RegistryKey {
  privateKey: crypto.KeyObject;
}

export interface KeyStore {
  /** The key that signs now. */
  current(): SigningKey;
  /** Every key ever used, oldest first, for verification. */
  all(): RegistryKey[];
  /** Creates a new signing key and retires the current one (which stays published). */
  rotate(now: Date): Promise<SigningKey>;
}

function publicJwk(publicKey: Uint8Array): JWK {
  return { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKey).toString('base64url') };
}


function rawPublicKey(key: crypto.KeyObject): Uint8Array {
  const jwk = key.export({ format: 'jwk' }) as { x: string };
  return new Uint8Array(Buffer.from(jwk.x, 'base64url'));
}

async function createKeyFiles(dir: string, now: Date): Promise<void> {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
  const raw = rawPublicKey(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk(raw), 'sha256');
  const keyFile = path.join(dir, `${kid}.key`);
  fs.writeFileSync(keyFile, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
  fs.chmodSync(keyFile, 0o600);
  const meta = { kid, publicKey: Buffer.from(raw).toString('base64'), createdAt: now.toISOString(), retiredAt: null };
  fs.writeFileSync(path.join(dir, `${kid}.json`), `${JSON.stringify(meta, null, 2)}\n`, { flag: 'wx' });
}

/**
 * Opens the key directory, creating it and a first key when empty. Refuses a private key file
 * readable by others, as SSH does.
 */
export async function openKeyStore(dir: string, now: Date): Promise<KeyStore> {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const metaFiles = () => fs.readdirSync(dir).filter((f) => f.endsWith('.json'));
  if (metaFiles().length === 0) await createKeyFiles(dir, now);

  const load = (): SigningKey[] =>
    metaFiles()
      .map((file) => {
        const meta = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as { kid: string; publicKey: string; createdAt: string; retiredAt: string | null };
        const keyFile = path.join(dir, `${meta.kid}.key`);
        const mode = fs.statSync(keyFile).mode & 0o777;
        if (mode & 0o077) throw new Error(`signing key ${keyFile} is readable by others (mode ${mode.toString(8)}); chmod 600 it`);
        const privateKey = crypto.createPrivateKey(fs.readFileSync(keyFile));
        const publicKey = new Uint8Array(Buffer.from(meta.publicKey, 'base64'));
        if (Buffer.compare(Buffer.from(rawPublicKey(crypto.createPublicKey(privateKey))), Buffer.from(publicKey)) !== 0) {
          throw new Error(`signing key ${keyFile} does not match ${file}`);
        }
        return { kid: meta.kid, publicKey, createdAt: meta.createdAt, retiredAt: meta.retiredAt, privateKey };
      })
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.kid.localeCompare(b.kid));

  let keys = load();
  const current = () => {
    const active = keys.filter((k) => !k.retiredAt);
    const key = active[active.length - 1];
    if (!key) throw new Error(`no active signing key in ${dir}`);
    return key;
  };
  current();
  return {
    current,
    all: () => keys.map(({ privateKey: _p, ...k }) => k),
    async rotate(at: Date) {
      const old = current();
      // Write the new key first: a crash in between leaves two active keys, never none.
      await createKeyFiles(dir, at);
      const metaFile = path.join(dir, `${old.kid}.json`);
      const meta = JSON.parse(fs.readFileSync(metaFile, 'utf8'));
      meta.retiredAt = at.toISOString();
      fs.writeFileSync(metaFile, `${JSON.stringify(meta, null, 2)}\n`);
      keys = load();
      return current();
    },
  };
}

export { publicJwk };
