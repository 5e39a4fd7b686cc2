import { describe, expect, it } from 'vitest';
import { configSchema } from '../env.ts';
import { createLogger, type LogLevel } from '../logging/logger.ts';
import { redactSecrets, SECRET_VARIABLES, secretValues } from './redact.ts';

/** A distinct value for every secret variable; the database URL carries a password of its own. */
const env: Record<string, string> = Object.fromEntries(
  SECRET_VARIABLES.map((name) => [name, `value-of-${name.toLowerCase()}`]),
);
env.DATABASE_URL = 'postgres://chimera:pa55-w0rd-alone@db.internal:5432/chimera';

describe('the redactor', () => {
  it('knows every variable of the configuration that holds a credential', () => {
    const credentials = Object.keys(configSchema.shape).filter((name) =>
      /_(KEY|SECRET|TOKEN|CLIENT_ID)$|^DATABASE_URL$/.test(name),
    );
    expect(credentials.length).toBeGreaterThan(10);
    expect([...SECRET_VARIABLES].sort()).toEqual(credentials.sort());
  });

  it('scrubs every configured secret variable, and a database URL’s password on its own', () => {
    const text = `${Object.values(env).join(' | ')} | the password was pa55-w0rd-alone`;
    const redacted = redactSecrets(env, text);
    for (const value of [...Object.values(env), 'pa55-w0rd-alone']) expect(redacted).not.toContain(value);
    expect(redacted.split('***')).toHaveLength(SECRET_VARIABLES.length + 2);
  });

  it('scrubs a secret inside another before the shorter one can split it', () => {
    expect(secretValues(env)[0]).toBe(env.DATABASE_URL);
    expect(redactSecrets(env, `connect to ${env.DATABASE_URL} failed`)).toBe('connect to *** failed');
  });

  it('leaves other variables, values under four characters and unconfigured names alone', () => {
    const text = 'region eu, key abc, nothing else';
    expect(redactSecrets({ OPENAI_API_KEY: 'abc', REGION: 'eu', PORT: '8787' }, text)).toBe(text);
    expect(redactSecrets(undefined, text)).toBe(text);
  });

  it('is what the logger writes every line through', () => {
    const lines: string[] = [];
    const log = createLogger({}, { env, sink: (_level: LogLevel, line: string) => lines.push(line) });
    log.warn('upstream-refused', { reason: `key ${env.ANTHROPIC_API_KEY} refused for ${env.SECRET_KEY}` });
    expect(JSON.parse(lines[0]!)).toMatchObject({ reason: 'key *** refused for ***' });
  });
});
