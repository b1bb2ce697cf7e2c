/** argon2id via @node-rs/argon2 (the `argon2` package's prebuilt binary crashes on Node 20). */
import { hash, verify } from '@node-rs/argon2';
import pLimit from 'p-limit';
import type { PasswordHasher } from '../app/context.ts';

// OWASP's argon2id baseline: m=19 MiB, t=2, p=1. Algorithm 2 is argon2id.
const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1, algorithm: 2 } as const;

// Two at a time per process: each takes 19 MiB and a libuv thread, and a burst of log-ins must
// neither grow memory nor take all four threads that file and DNS work also need. The machine's
// cores are busy with two anyway.
const limit = pLimit(2);

export const argon2Passwords: PasswordHasher = {
  hash: (password) => limit(() => hash(password, OPTIONS)),
  verify: (stored, password) =>
    limit(async () => {
      try {
        return await verify(stored, password);
      } catch {
        return false;
      }
    }),
};
