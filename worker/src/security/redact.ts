/** Keeps configured secrets out of log lines and error texts. */

/** Variables whose values are secrets (or hold one, like a URL with a password). */
export const SECRET_VARIABLES = [
  'DATABASE_URL',
  'UPSTASH_REDIS_REST_TOKEN',
  'OPENAI_API_KEY',
  'ANTHROPIC_API_KEY',
  'DEEPSEEK_API_KEY',
  'GOOGLE_AI_API_KEY',
  'CF_ACCESS_CLIENT_ID',
  'CF_ACCESS_CLIENT_SECRET',
  'LM_STUDIO_CF_ACCESS_CLIENT_ID',
  'LM_STUDIO_CF_ACCESS_CLIENT_SECRET',
  'OLLAMA_CF_ACCESS_CLIENT_ID',
  'OLLAMA_CF_ACCESS_CLIENT_SECRET',
  'LM_STUDIO_API_KEY',
  'SECRET_KEY',
] as const;

/** The secret values configured in `env` (and a database URL's password on its own), longest first. */
export function secretValues(env: unknown): string[] {
  if (typeof env !== 'object' || env === null) return [];
  const values: string[] = [];
  for (const name of SECRET_VARIABLES) {
    const value: unknown = Reflect.get(env, name);
    if (typeof value !== 'string' || value.length < 4) continue;
    values.push(value);
    if (name === 'DATABASE_URL') values.push(...urlPassword(value));
  }
  return values.sort((a, b) => b.length - a.length);
}

/** `text` with every configured secret replaced by `***`. */
export function redactSecrets(env: unknown, text: string): string {
  return secretValues(env).reduce((result, secret) => result.replaceAll(secret, '***'), text);
}

function urlPassword(url: string): string[] {
  try {
    const password = decodeURIComponent(new URL(url).password);
    return password.length >= 4 ? [password] : [];
  } catch {
    return [];
  }
}
