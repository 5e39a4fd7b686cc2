/**
 * The store behind the local Upstash REST endpoint: the Redis at REDIS_URL when
 * one answers, else an in-memory Redis (ioredis-mock, whose Lua VM runs EVAL).
 * Both sit under one script cache that accepts what Upstash accepts.
 */
import { createHash } from 'node:crypto';
import Redis from 'ioredis';
import RedisMock from 'ioredis-mock';

/** A Redis command as the REST body carries it: the name, then its arguments. */
export type RedisCommand = [name: string, ...args: string[]];

/** One reply, or the error Redis gave for it. */
export type RedisReply = { result: unknown } | { error: string };

/** Runs raw Redis commands. */
export interface RedisBackend {
  /** `redis` for a real server, `memory` for the in-memory store. */
  kind: 'redis' | 'memory';
  run(command: RedisCommand): Promise<unknown>;
  /** Runs the commands in MULTI/EXEC; one reply each. */
  transaction(commands: RedisCommand[]): Promise<RedisReply[]>;
  close(): Promise<void>;
}

/** Connects to `redisUrl`, or falls back to memory (and says why through `warn`). */
export async function openRedisBackend(
  redisUrl: string | undefined,
  warn: (line: string) => void,
): Promise<RedisBackend> {
  if (redisUrl) {
    const failure = await reachRedis(redisUrl);
    if (failure === undefined) return withScripts(realRedis(redisUrl));
    warn(`REDIS_URL (${redactUrl(redisUrl)}) did not answer (${failure}); using an in-memory store instead.`);
  }
  return withScripts(memoryRedis());
}

async function reachRedis(redisUrl: string): Promise<string | undefined> {
  let probe: Redis | undefined;
  try {
    probe = new Redis(redisUrl, {
      lazyConnect: true,
      connectTimeout: 1500,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    probe.on('error', () => {});
    await probe.connect();
    await probe.ping();
    return undefined;
  } catch (error) {
    return errorMessage(error);
  } finally {
    probe?.disconnect();
  }
}

function realRedis(redisUrl: string): RedisBackend {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  redis.on('error', () => {});
  return {
    kind: 'redis',
    run: async ([name, ...args]) => flattenReply(await redis.call(name, ...args)),
    async transaction(commands) {
      const replies = await redis.multi(commands.map(([name, ...args]) => ['call', name, ...args])).exec();
      return (replies ?? []).map(([error, result]) =>
        error ? { error: error.message } : { result: flattenReply(result) },
      );
    },
    async close() {
      redis.disconnect();
    },
  };
}

/** SET's option words: Redis reads them in any case, the in-memory store only in capitals. */
const SET_OPTIONS = new Set(['EX', 'PX', 'EXAT', 'PXAT', 'NX', 'XX', 'KEEPTTL', 'GET']);

/** The arguments as the in-memory store understands them: SET's options (after key and value) in capitals, as @upstash/redis sends them in lowercase. */
function canonicalArguments(name: string, args: string[]): string[] {
  if (name.toUpperCase() !== 'SET') return args;
  return args.map((arg, index) => (index >= 2 && SET_OPTIONS.has(arg.toUpperCase()) ? arg.toUpperCase() : arg));
}

function memoryRedis(): RedisBackend {
  const redis = new RedisMock();
  const run = async ([name, ...args]: RedisCommand) => {
    const method: unknown = Reflect.get(redis, name.toLowerCase());
    if (typeof method !== 'function') throw new Error(`ERR unknown command '${name}'`);
    return flattenReply(await Reflect.apply(method, redis, canonicalArguments(name, args)));
  };
  return {
    kind: 'memory',
    run,
    // One process, one event loop, no await between commands of other clients: back to back is atomic here.
    transaction: (commands) => runEach(run, commands),
    async close() {
      redis.disconnect();
    },
  };
}

/**
 * SCRIPT LOAD/EXISTS/FLUSH, EVAL and EVALSHA over a script cache of our own:
 * Upstash takes `#!lua flags=...` shebangs (as @upstash/ratelimit sends) that
 * older Redis and the in-memory VM refuse, so scripts run without the shebang
 * while keeping the SHA of the text the client sent.
 */
function withScripts(backend: RedisBackend): RedisBackend {
  const scripts = new Map<string, string>();
  const remember = (body: string) => {
    const sha = createHash('sha1').update(body).digest('hex');
    scripts.set(sha, body);
    return sha;
  };
  const evaluate = (body: string, args: string[]) => backend.run(['EVAL', withoutShebang(body), ...args]);
  const run = async (command: RedisCommand): Promise<unknown> => {
    const [name, first = '', ...rest] = command;
    switch (name.toUpperCase()) {
      case 'EVAL':
        remember(first);
        return evaluate(first, rest);
      case 'EVALSHA': {
        const body = scripts.get(first.toLowerCase());
        if (body === undefined) throw new Error('NOSCRIPT No matching script. Please use EVAL.');
        return evaluate(body, rest);
      }
      case 'SCRIPT':
        return script(first, rest);
      default:
        return backend.run(command);
    }
  };
  const script = (subcommand: string, args: string[]) => {
    switch (subcommand.toUpperCase()) {
      case 'LOAD':
        return remember(args[0] ?? '');
      case 'EXISTS':
        return args.map((sha) => (scripts.has(sha.toLowerCase()) ? 1 : 0));
      case 'FLUSH':
        scripts.clear();
        return 'OK';
      default:
        throw new Error(`ERR unknown subcommand '${subcommand}' of SCRIPT`);
    }
  };
  const scripted = (command: RedisCommand) => /^(EVAL|EVALSHA|SCRIPT)$/i.test(command[0]);
  return {
    kind: backend.kind,
    run,
    // A transaction with scripts in it runs its commands in order through the cache.
    transaction: (commands) => (commands.some(scripted) ? runEach(run, commands) : backend.transaction(commands)),
    close: () => backend.close(),
  };
}

async function runEach(
  run: (command: RedisCommand) => Promise<unknown>,
  commands: RedisCommand[],
): Promise<RedisReply[]> {
  const replies: RedisReply[] = [];
  for (const command of commands) {
    try {
      replies.push({ result: await run(command) });
    } catch (error) {
      replies.push({ error: errorMessage(error) });
    }
  }
  return replies;
}

function withoutShebang(body: string): string {
  return body.startsWith('#!') ? body.slice(body.indexOf('\n') + 1) : body;
}

/** ioredis answers some commands (HGETALL...) with an object; the REST protocol carries Redis' flat array. */
function flattenReply(reply: unknown): unknown {
  if (reply === null || typeof reply !== 'object' || Array.isArray(reply) || Buffer.isBuffer(reply)) return reply;
  return Object.entries(reply).flat();
}

/** The URL without its password, fit for a log line. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
