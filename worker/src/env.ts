/**
 * The Worker's configuration: its bindings and vars, validated once per
 * isolate, and the Hono context types built on them. Scripts (dev stack,
 * migrations) validate with the same schema, so a bad value gets the same
 * message everywhere, naming its variable and never echoing a secret.
 */
import { z } from 'zod';

const unset = (value: unknown) => (value === '' ? undefined : value);
const optionalText = z.preprocess(unset, z.string().optional());

function isPostgresUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '';
  } catch {
    return false;
  }
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** A postgres:// URL; its value never appears in an error. */
const postgresUrlSchema = z
  .string()
  .refine(isPostgresUrl, 'is not a valid postgres:// URL (expected postgres://user:password@host:port/database)');

const httpUrl = z.string().refine(isHttpUrl, 'is not a valid http(s):// URL');
const optionalUrl = z.preprocess(unset, httpUrl.optional());

/** Every variable the Worker reads. Empty strings count as unset. */
export const configSchema = z.object({
  DATABASE_URL: z.preprocess(unset, z.string({ error: 'is not set' }).pipe(postgresUrlSchema)),
  NEON_WS_PROXY: z.preprocess(
    unset,
    z
      .string()
      .regex(/^[\w.-]+(:\d+)?(\/[\w./-]*)?$/, 'must be host:port/path without a scheme, e.g. 127.0.0.1:5433/v1')
      .optional(),
  ),
  UPSTASH_REDIS_REST_URL: z.preprocess(unset, z.string({ error: 'is not set' }).pipe(httpUrl)),
  UPSTASH_REDIS_REST_TOKEN: z.preprocess(unset, z.string({ error: 'is not set' }).min(1)),
  OPENAI_API_KEY: optionalText,
  ANTHROPIC_API_KEY: optionalText,
  DEEPSEEK_API_KEY: optionalText,
  GOOGLE_AI_API_KEY: optionalText,
  OPENAI_BASE_URL: optionalUrl,
  ANTHROPIC_BASE_URL: optionalUrl,
  DEEPSEEK_BASE_URL: optionalUrl,
  GEMINI_BASE_URL: optionalUrl,
  LM_STUDIO_URL: optionalUrl,
  OLLAMA_URL: optionalUrl,
  /** Cloudflare Access service token sent to the local providers' tunnels (LM Studio, Ollama). */
  CF_ACCESS_CLIENT_ID: optionalText,
  CF_ACCESS_CLIENT_SECRET: optionalText,
  /** Per-tunnel service tokens, when LM Studio and Ollama sit behind different Access applications. */
  LM_STUDIO_CF_ACCESS_CLIENT_ID: optionalText,
  LM_STUDIO_CF_ACCESS_CLIENT_SECRET: optionalText,
  OLLAMA_CF_ACCESS_CLIENT_ID: optionalText,
  OLLAMA_CF_ACCESS_CLIENT_SECRET: optionalText,
  /** LM Studio's own API token, when its server requires one (sent as a bearer token, beside any Access headers). */
  LM_STUDIO_API_KEY: optionalText,
  /** Milliseconds a provider may take to its first token before the attempt fails. */
  PROVIDER_FIRST_TOKEN_TIMEOUT_MS: z.preprocess(unset, z.coerce.number().int().min(100).max(300_000).default(20_000)),
  /** Milliseconds a started stream may go silent before the attempt fails. */
  PROVIDER_STALL_TIMEOUT_MS: z.preprocess(unset, z.coerce.number().int().min(100).max(300_000).default(15_000)),
  /** Signs sessions; unset is allowed only for local development (auth/secret-key.ts). */
  SECRET_KEY: z.preprocess(
    unset,
    z.string().min(32, 'must be at least 32 characters (e.g. `openssl rand -hex 32`)').optional(),
  ),
  /** Mean milliseconds between the demo provider's streamed words. */
  DEMO_PACE_MS: z.preprocess(unset, z.coerce.number().int().min(0).max(2000).default(45)),
  /** Multiplies the room's natural delays (reading and thinking time); 0 takes turns back to back. */
  ROOM_TIMING_SCALE: z.preprocess(unset, z.coerce.number().min(0).max(10).default(1)),
  /** A running room with no viewer for this long pauses itself until one comes back. */
  ROOM_IDLE_PAUSE_MS: z.preprocess(unset, z.coerce.number().int().min(1000).max(86_400_000).default(60_000)),
  /** `on` (default): the lobby keeps a public demo room running (conversations/demo-room.ts); `off`: no demo room. */
  DEMO_ROOM: z.preprocess(unset, z.enum(['on', 'off'], { error: 'must be on or off' }).default('on')),
  /** USD all conversations may spend per UTC day; a room about to take a turn past it stops (`spend-limit`). 0: no limit. */
  DAILY_SPEND_LIMIT_USD: z.preprocess(unset, z.coerce.number().min(0).max(1_000_000).default(25)),
  /** USD one conversation may spend in all, whatever its own budget; 0: no limit. */
  CONVERSATION_SPEND_LIMIT_USD: z.preprocess(unset, z.coerce.number().min(0).max(1_000_000).default(5)),
  /** Fraction of a spend limit at which a warning is logged and shown on the dashboard. */
  SPEND_WARNING_RATIO: z.preprocess(unset, z.coerce.number().gt(0).max(1).default(0.8)),
  /** Usernames that are admins (comma-separated) on a loopback development server only (auth/admin.ts); deployments use `npm run admin:grant`. */
  ADMIN_USERNAMES: z.preprocess(unset, z.string().optional()).transform((value) =>
    (value ?? '')
      .split(',')
      .map((name) => name.trim().toLowerCase())
      .filter(Boolean),
  ),
  DEBUG: z
    .preprocess(unset, z.enum(['true', 'false', '1', '0']).optional())
    .transform((value) => value === 'true' || value === '1'),
  CORS_ORIGINS: z.preprocess(unset, z.string().optional()).transform((value) =>
    (value ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
  ),
});

/** The validated configuration. */
export type Config = z.output<typeof configSchema>;

/** A configuration value is missing or malformed; `variable` names it. */
export class ConfigError extends Error {
  readonly variable: string;

  constructor(variable: string, reason: string) {
    super(`${variable} ${reason}`);
    this.name = 'ConfigError';
    this.variable = variable;
  }
}

/** Turns the first issue of a failed parse into a ConfigError naming the variable. */
export function toConfigError(error: z.ZodError): ConfigError {
  const issue = error.issues[0];
  return new ConfigError(String(issue?.path[0] ?? 'configuration'), issue?.message ?? 'is invalid');
}

const parsed = new WeakMap<object, Config>();

/** Validates `env` once (cached per env object); throws ConfigError. */
export function readConfig(env: object): Config {
  const cached = parsed.get(env);
  if (cached) return cached;
  const result = configSchema.safeParse(env);
  if (!result.success) throw toConfigError(result.error);
  parsed.set(env, result.data);
  return result.data;
}

/** Per-request services, built once by the `services` middleware. */
export interface Services {
  config: Config;
  /** Postgres, opened on first use and closed after the response. */
  readonly db: import('./db/client.ts').Database;
  /** Upstash Redis. */
  readonly redis: import('@upstash/redis/cloudflare').Redis;
}

/** The signed-in user of a request, from its session cookie. */
export interface SessionUser {
  id: string;
  username: string;
  /** The sessions row (HMAC of the cookie's token). */
  sessionId: string;
}

/** The Hono environment of every route. */
export interface AppEnv {
  Bindings: Env;
  Variables: {
    services: Services;
    /** Null for anonymous requests; set by the session middleware. */
    user: SessionUser | null;
    /** This request's id (cf-ray, x-request-id or a new UUID); logging/request-id.ts. */
    requestId: string;
    /** Writes JSON lines carrying the request id. */
    log: import('./logging/logger.ts').Logger;
  };
}
