import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header carrying `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. */
export const SIGNATURE_HEADER = 'sereno-signature';
/** Receivers should refuse a signature older (or newer) than this. */
export const SIGNATURE_TOLERANCE_S = 300;

/** Signs a raw body for a moment: the value of the `Sereno-Signature` header. */
export function signWebhook(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return `t=${t},v1=${v1}`;
}

/**
 * What a receiver does (exported for state systems written in TypeScript, and for tests): recompute the HMAC over
 * the raw body with the timestamp of the header, compare in constant time, and refuse stale timestamps (replays).
 */
export function verifyWebhook(secret: string, body: string, header: string | undefined | null, now: Date = new Date(), toleranceS = SIGNATURE_TOLERANCE_S): boolean {
  if (!header) return false;
  const parts = Object.fromEntries(header.split(',').map((p) => { const i = p.indexOf('='); return [p.slice(0, i).trim(), p.slice(i + 1).trim()]; }));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !parts.v1 || Math.abs(now.getTime() / 1000 - t) > toleranceS) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(`${t}.${body}`).digest('hex'));
  const got = Buffer.from(String(parts.v1));
  return expected.length === got.length && timingSafeEqual(expected, got);
}
