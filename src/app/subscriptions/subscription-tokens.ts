/**
 * Capability tokens of subscriptions. The confirmation and management tokens are stored only as
 * SHA-256 (like API tokens); the unsubscribe token is stored in clear because every notification
 * e-mail must carry it, and all it can do is end that one subscription.
 */
import { createHash, randomBytes } from 'node:crypto';

export const newToken = (prefix: string): string => `${prefix}_${randomBytes(32).toString('base64url')}`;
export const tokenHash = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

export const confirmUrl = (base: string, token: string) => `${base}/subscriptions/confirm?token=${encodeURIComponent(token)}`;
export const unsubscribeUrl = (base: string, token: string) => `${base}/subscriptions/unsubscribe?token=${encodeURIComponent(token)}`;
