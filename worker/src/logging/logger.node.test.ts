import { describe, expect, it } from 'vitest';
import { createLogger, type LogLevel } from './logger.ts';
import { requestIdOf } from './request-id.ts';

function capture() {
  const lines: { level: LogLevel; record: Record<string, unknown> }[] = [];
  return {
    lines,
    sink: (level: LogLevel, line: string) => lines.push({ level, record: JSON.parse(line) as Record<string, unknown> }),
  };
}

describe('the structured logger', () => {
  it('writes one JSON line per event with the request and conversation ids of its scope', () => {
    const { lines, sink } = capture();
    const log = createLogger({ requestId: 'ray-12345678' }, { sink }).child({ conversationId: 'c-1' });
    log.warn('provider-call', { provider: 'openai', durationMs: 12 });
    expect(lines).toEqual([
      {
        level: 'warn',
        record: {
          level: 'warn',
          event: 'provider-call',
          time: expect.any(String),
          requestId: 'ray-12345678',
          conversationId: 'c-1',
          provider: 'openai',
          durationMs: 12,
        },
      },
    ]);
  });

  it('replaces configured secrets and drops fields that could hold a prompt, a reply or a credential', () => {
    const { lines, sink } = capture();
    const env = { OPENAI_API_KEY: 'not-a-real-openai-key', DATABASE_URL: 'postgres://app:db-password-9@host/db' };
    const log = createLogger({}, { env, sink });
    log.error('request-error', {
      error: new Error('401 from upstream with key not-a-real-openai-key'),
      detail: 'login as app:db-password-9',
      system: 'You are…',
      messages: ['hi'],
      content: 'reply',
    });
    const line = JSON.stringify(lines[0]!.record);
    expect(line).not.toContain('not-a-real-openai-key');
    expect(line).not.toContain('db-password-9');
    expect(lines[0]!.record).toMatchObject({
      error: '401 from upstream with key ***',
      system: '[omitted]',
      messages: '[omitted]',
      content: '[omitted]',
    });
  });

  it('writes debug lines only when DEBUG is on', () => {
    const quiet = capture();
    createLogger({}, { sink: quiet.sink }).debug('detail');
    const verbose = capture();
    createLogger({}, { sink: verbose.sink, debug: true }).debug('detail');
    expect([quiet.lines.length, verbose.lines.length]).toEqual([0, 1]);
  });
});

describe('the request id', () => {
  it("is Cloudflare's cf-ray, else a well-formed x-request-id, else a new UUID", () => {
    expect(requestIdOf(new Headers({ 'cf-ray': '8f1c2d3e4a5b6c7d-AMS', 'x-request-id': 'caller-chosen-id' }))).toBe(
      '8f1c2d3e4a5b6c7d-AMS',
    );
    expect(requestIdOf(new Headers({ 'x-request-id': 'caller-chosen-id' }))).toBe('caller-chosen-id');
    expect(requestIdOf(new Headers({ 'x-request-id': 'bad id"}{' }))).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdOf(new Headers())).toMatch(/^[0-9a-f-]{36}$/);
  });
});
