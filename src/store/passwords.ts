/** argon2id via @node-rs/argon2 (the `argon2` package's prebuilt binary crashes on Node 20). */
import { hash, verify } from '@node-rs/argon2';
import type { PasswordHasher } from '../app/context.ts';

// OWASP's argon2id baseline: m=19 MiB, t=2, p=1. Algorithm 2 is argon2id.
const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1, algorithm: 2 } as const;

export const argon2Passwords: PasswordHasher = {
  hash: (password) => hash(password, OPTIONS),
  verify: async (stored, password) => {
    try {
      return await verify(stored, password);
    } catch {
      return false;
    }
  },
};
