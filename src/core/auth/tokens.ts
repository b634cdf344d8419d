import crypto from 'node:crypto';

/** sha256 hex; session tokens and API keys are high-entropy, so a fast hash is the right tool for them. */
export const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

/** A random URL-safe token. */
export const randomToken = (bytes = 32) => crypto.randomBytes(bytes).toString('base64url');

/** A new API key `srn_<prefix>_<secret>`: the prefix identifies the row, only the hash of the whole key is stored. */
export function newApiKey(): { key: string; prefix: string; hash: string } {
  const prefix = crypto.randomBytes(6).toString('hex');
  const key = `srn_${prefix}_${randomToken(32)}`;
  return { key, prefix, hash: sha256(key) };
}

/** Splits a presented key into its prefix, or null if it has not the shape of one. */
export function apiKeyPrefix(key: string): string | null {
  const m = /^srn_([0-9a-f]{12})_[A-Za-z0-9_-]{20,}$/.exec(key);
  return m ? m[1] : null;
}

/** Constant-time string comparison. */
export function safeEqual(a: string, b: string): boolean {
  const ba = Buffer.from(a);
  const bb = Buffer.from(b);
  return ba.length === bb.length && crypto.timingSafeEqual(ba, bb);
}
