import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from './env.ts';

const valid = {
  DATABASE_URL: 'postgres://chimera:s3cret-pass@127.0.0.1:5432/chimera',
  UPSTASH_REDIS_REST_URL: 'http://127.0.0.1:8079',
  UPSTASH_REDIS_REST_TOKEN: 'token',
};

function failure(env: Record<string, string>): ConfigError {
  try {
    readConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('readConfig', () => {
  it('accepts a complete configuration and treats empty strings as unset', () => {
    const config = readConfig({
      ...valid,
      OPENAI_API_KEY: '',
      DEBUG: 'true',
      CORS_ORIGINS: 'https://a.example, https://b.example',
    });
    expect(config.OPENAI_API_KEY).toBeUndefined();
    expect(config.DEBUG).toBe(true);
    expect(config.CORS_ORIGINS).toEqual(['https://a.example', 'https://b.example']);
  });

  it('names DATABASE_URL when it is missing or malformed, never echoing it', () => {
    expect(failure({ ...valid, DATABASE_URL: '' })).toMatchObject({
      variable: 'DATABASE_URL',
      message: 'DATABASE_URL is not set',
    });
    const malformed = failure({ ...valid, DATABASE_URL: 'mysql://root:topsecret@db/chimera' });
    expect(malformed.variable).toBe('DATABASE_URL');
    expect(malformed.message).toMatch(/^DATABASE_URL is not a valid postgres:\/\/ URL/);
    expect(malformed.message).not.toContain('topsecret');
  });

  it('names the Upstash variables and the local model URLs', () => {
    expect(failure({ ...valid, UPSTASH_REDIS_REST_URL: 'redis://localhost:6379' }).variable).toBe(
      'UPSTASH_REDIS_REST_URL',
    );
    expect(failure({ ...valid, UPSTASH_REDIS_REST_TOKEN: '' }).variable).toBe('UPSTASH_REDIS_REST_TOKEN');
    expect(failure({ ...valid, OLLAMA_URL: 'localhost:11434' }).variable).toBe('OLLAMA_URL');
    expect(failure({ ...valid, GEMINI_BASE_URL: 'generativelanguage.googleapis.com' }).variable).toBe(
      'GEMINI_BASE_URL',
    );
    expect(failure({ ...valid, PROVIDER_FIRST_TOKEN_TIMEOUT_MS: 'soon' }).variable).toBe(
      'PROVIDER_FIRST_TOKEN_TIMEOUT_MS',
    );
    expect(failure({ ...valid, NEON_WS_PROXY: 'ws://127.0.0.1:5433/v1' }).variable).toBe('NEON_WS_PROXY');
    expect(failure({ ...valid, DEBUG: 'yes' }).variable).toBe('DEBUG');
  });
});
