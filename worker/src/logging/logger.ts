/**
 * Structured logs: one JSON line per event, so Workers Logs and
 * `wrangler tail --search` can filter by `event`, `requestId` or
 * `conversationId`. Every line passes through redaction: configured secrets
 * become `***`, and fields that could carry a prompt or a reply are dropped.
 */
import { redactSecrets } from '../security/redact.ts';

/** Severity of a line; `debug` lines are written only when DEBUG is on. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** What every line of one logger carries. */
export interface LogContext {
  requestId?: string;
  conversationId?: string | null;
  [field: string]: unknown;
}

/** Writes events with its context; `child` adds fields for a narrower scope. */
export interface Logger {
  debug(event: string, fields?: Record<string, unknown>): void;
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
  child(context: LogContext): Logger;
}

/** Field names never written: they would hold prompts, replies or credentials. */
const OMITTED_FIELDS = new Set([
  'system',
  'messages',
  'prompt',
  'content',
  'text',
  'reply',
  'apiKey',
  'authorization',
  'cookie',
  'password',
]);

/** Options of a logger. */
export interface LoggerOptions {
  /** The environment whose secrets are redacted from every line. */
  env?: unknown;
  debug?: boolean;
  /** Where lines go; console by default (Workers Logs collects it). */
  sink?: (level: LogLevel, line: string) => void;
}

const consoleSink = (level: LogLevel, line: string) => {
  if (level === 'error') console.error(line);
  else if (level === 'warn') console.warn(line);
  else if (level === 'debug') console.debug(line);
  else console.info(line);
};

/** One JSON line: level, event, time, the context, then the fields; secrets redacted, prompt-like fields dropped. */
export function formatLine(
  level: LogLevel,
  event: string,
  context: LogContext,
  fields: Record<string, unknown>,
  env?: unknown,
): string {
  const record: Record<string, unknown> = { level, event, time: new Date().toISOString() };
  for (const [key, value] of [...Object.entries(context), ...Object.entries(fields)]) {
    if (value === undefined || key === 'level' || key === 'event' || key === 'time') continue;
    record[key] = OMITTED_FIELDS.has(key) ? '[omitted]' : value instanceof Error ? value.message : value;
  }
  const line = JSON.stringify(record);
  return env === undefined ? line : redactSecrets(env, line);
}

/** A logger writing one JSON line per event with `context` on each. */
export function createLogger(context: LogContext = {}, options: LoggerOptions = {}): Logger {
  const sink = options.sink ?? consoleSink;
  const write =
    (level: LogLevel) =>
    (event: string, fields: Record<string, unknown> = {}) => {
      if (level === 'debug' && !options.debug) return;
      sink(level, formatLine(level, event, context, fields, options.env));
    };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    child: (more) => createLogger({ ...context, ...more }, options),
  };
}
