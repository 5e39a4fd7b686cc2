/**
 * SECRET_KEY: the HMAC key of session ids. Production must set it; when it is
 * unset, only requests to a loopback host (npm run dev, wrangler dev) get a
 * fixed development key, so a deployed Worker without it refuses to sign
 * anyone in rather than use a public key.
 */
import { ConfigError, type Config } from '../env.ts';

/** Public by design: it only ever signs sessions on localhost. */
const DEVELOPMENT_SECRET_KEY = 'chimera-development-secret-key-do-not-deploy';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

const keys = new Map<string, Promise<CryptoKey>>();

/** The HMAC key for this request; throws ConfigError naming SECRET_KEY when it is unset off loopback. */
export function secretKey(config: Config, requestUrl: string): Promise<CryptoKey> {
  const secret = config.SECRET_KEY ?? developmentKey(requestUrl);
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
    ]);
    keys.set(secret, key);
  }
  return key;
}

/** True for a request to a loopback host (npm run dev, wrangler dev), never for a deployment. */
export function isLoopbackUrl(requestUrl: string): boolean {
  return LOOPBACK_HOSTS.has(new URL(requestUrl).hostname);
}

function developmentKey(requestUrl: string): string {
  if (isLoopbackUrl(requestUrl)) return DEVELOPMENT_SECRET_KEY;
  throw new ConfigError(
    'SECRET_KEY',
    'is not set: it is required outside local development (`wrangler secret put SECRET_KEY`)',
  );
}

/** HMAC-SHA-256 of `text` under `key`, hex. */
export async function hmacHex(key: CryptoKey, text: string): Promise<string> {
  const signature = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(text));
  return [...new Uint8Array(signature)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}
