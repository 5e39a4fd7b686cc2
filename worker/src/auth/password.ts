/**
 * Password hashes: PBKDF2-HMAC-SHA-512 through WebCrypto with a 16-byte random
 * salt. Workers cap PBKDF2 at 100,000 iterations (workerd refuses more), so we
 * use the cap and SHA-512, the stronger of the hashes at that count. The
 * iteration count is stored with each hash so it can be raised later.
 */

const ALGORITHM = 'pbkdf2-sha512';
/** The most workerd allows. */
export const PASSWORD_ITERATIONS = 100_000;
const SALT_BYTES = 16;
const HASH_BITS = 512;

/** `pbkdf2-sha512$<iterations>$<salt base64>$<hash base64>`. */
export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const hash = await derive(password, salt, PASSWORD_ITERATIONS);
  return [ALGORITHM, PASSWORD_ITERATIONS, toBase64(salt), toBase64(hash)].join('$');
}

/** True when `password` matches `stored`; false for a malformed or foreign hash. Constant time in the hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [algorithm, iterationsText, saltText, hashText] = stored.split('$');
  const iterations = Number(iterationsText);
  if (algorithm !== ALGORITHM || !Number.isInteger(iterations) || iterations < 1 || iterations > PASSWORD_ITERATIONS)
    return false;
  if (saltText === undefined || hashText === undefined) return false;
  const expected = fromBase64(hashText);
  const actual = await derive(password, fromBase64(saltText), iterations);
  return expected.length === actual.length && crypto.subtle.timingSafeEqual(expected, actual);
}

/** A hash of a random password, checked when the account does not exist so that both paths cost the same. */
let decoyHash: Promise<string> | undefined;

/** Spends the time of verifying a real password, then answers false. */
export async function verifyAgainstDecoy(password: string): Promise<false> {
  decoyHash ??= hashPassword(crypto.randomUUID());
  await verifyPassword(password, await decoyHash);
  return false;
}

async function derive(
  password: string,
  salt: Uint8Array<ArrayBuffer>,
  iterations: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-512', salt, iterations }, key, HASH_BITS);
  return new Uint8Array(bits);
}

function toBase64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  try {
    return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
  } catch {
    return new Uint8Array(0);
  }
}
