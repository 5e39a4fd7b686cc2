/**
 * The app as the benchmark runs it: `npm run dev` itself (the local stack and
 * `wrangler dev`), over an embedded Postgres whose wire is tapped, plus the
 * control harness (harness/) in a second `wrangler dev` that reaches the
 * app's rooms through a private dev registry. Everything on loopback.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { openDatabase } from '../../worker/src/db/client.ts';
import { conversations, messages } from '../../worker/src/db/schema/index.ts';
import type { RoomSettings, RoomState } from '../../worker/src/room/contract.ts';
import { parseRoomState } from '../../worker/src/contract/index.ts';
import { startNeonProxy } from '../stack/neon-proxy.ts';
import { startEmbeddedPostgres } from '../stack/postgres.ts';
import { freePort, startDev } from '../test/dev-process.ts';
import { startPostgresTap, type PostgresTap } from './postgres-tap.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The running app. */
export interface BenchApp {
  /** The app's origin as `npm run dev` prints it, e.g. http://127.0.0.1:8787: through wrangler's dev proxy. */
  url: string;
  /** The same app at the runtime's own entry socket, without wrangler's dev-only proxy in front. */
  runtimeUrl: string;
  tap: PostgresTap;
  /** Inserts a conversation row and returns its id. */
  createConversation(): Promise<string>;
  /** A RoomControl call through the harness. */
  control(
    conversationId: string,
    action: 'configure' | 'start' | 'pause' | 'stop' | 'state',
    settings?: RoomSettings,
  ): Promise<RoomState>;
  /** A signed-in viewer's interjection, as the REST route passes it to the room. */
  interject(conversationId: string, interjection: { userId: string; username: string; text: string }): Promise<void>;
  /** How many messages of the conversation Postgres holds. */
  messageCount(conversationId: string): Promise<number>;
  stop(): Promise<void>;
}

/** What the app runs with. */
export interface BenchAppOptions {
  /** DEMO_PACE_MS: the demo provider's mean milliseconds between words. */
  demoPaceMs: number;
  log: (line: string) => void;
  /** Variables set over the defaults below (the show benchmark: natural timing scaled down, fake provider keys). */
  env?: Record<string, string>;
}

export async function startBenchApp(options: BenchAppOptions): Promise<BenchApp> {
  const scratch = mkdtempSync(`${tmpdir()}/chimera-bench-`);
  const stops: (() => Promise<unknown>)[] = [async () => rmSync(scratch, { recursive: true, force: true })];
  const stop = async () => {
    unfinished.delete(stop);
    for (const stopPart of stops.reverse()) await stopPart().catch(() => {});
  };
  unfinished.add(stop);
  try {
    const postgres = await startEmbeddedPostgres();
    stops.push(postgres.stop);
    const upstream = new URL(postgres.url);
    const tap = await startPostgresTap({ host: upstream.hostname, port: Number(upstream.port) });
    stops.push(tap.stop);
    const proxy = await startNeonProxy({ host: tap.host, port: tap.port });
    stops.push(proxy.stop);
    const database = {
      DATABASE_URL: `postgres://postgres@${tap.host}:${tap.port}/postgres`,
      NEON_WS_PROXY: proxy.wsProxy,
    };

    const [appPort, harnessPort] = [await freePort(), await freePort()];
    const env = {
      // The pinned Node first, as under `npm run`: wrangler needs a newer one than the machine's.
      PATH: `${root}node_modules/.bin:${process.env.PATH ?? ''}`,
      ...database,
      PORT: String(appPort),
      CHIMERA_DATA_DIR: `${scratch}/data`,
      DEMO_PACE_MS: String(options.demoPaceMs),
      // Turns back to back, so the room streams all the time; no idle pause during a run.
      ROOM_TIMING_SCALE: '0',
      ROOM_IDLE_PAUSE_MS: '3600000',
      // A registry of our own, so the harness finds this app and no other `wrangler dev` on the machine.
      WRANGLER_REGISTRY_PATH: `${scratch}/registry`,
      WRANGLER_SEND_METRICS: 'false',
      FORCE_COLOR: '0',
      ...options.env,
    };
    const dev = startDev(env);
    stops.push(async () => {
      dev.interrupt();
      await dev.exited;
    });
    const url = `http://127.0.0.1:${appPort}`;
    await dev.waitFor(/Chimera is running at/, 180_000);
    const harness = start(
      `${root}node_modules/.bin/wrangler`,
      [
        'dev',
        '-c',
        'scripts/bench/harness/wrangler.toml',
        '--ip',
        '127.0.0.1',
        '--port',
        String(harnessPort),
        '--persist-to',
        `${scratch}/harness`,
        '--show-interactive-dev-session=false',
      ],
      { ...process.env, ...env },
      options.log,
      'harness',
    );
    stops.push(() => interrupt(harness));
    const harnessUrl = `http://127.0.0.1:${harnessPort}`;
    await waitUntil(
      async () => (await fetch(`${harnessUrl}/rooms/${crypto.randomUUID()}/state`, { method: 'POST' })).ok,
      120_000,
      'the harness',
    );

    const control: BenchApp['control'] = async (conversationId, action, settings) => {
      const response = await fetch(`${harnessUrl}/rooms/${conversationId}/${action}`, {
        method: 'POST',
        body: settings ? JSON.stringify(settings) : undefined,
      });
      const body: unknown = await response.json();
      if (!response.ok) throw new Error(`${action}: ${JSON.stringify(body)}`);
      return parseRoomState(body);
    };
    return {
      url,
      runtimeUrl: await runtimeEntry(`${scratch}/registry/chimera`, url),
      tap,
      control,
      async interject(conversationId, interjection) {
        const response = await fetch(`${harnessUrl}/rooms/${conversationId}/interject`, {
          method: 'POST',
          body: JSON.stringify(interjection),
        });
        if (!response.ok) throw new Error(`interject: ${await response.text()}`);
      },
      async createConversation() {
        const { db, close } = openDatabase(database);
        try {
          const [row] = await db
            .insert(conversations)
            .values({ title: 'Benchmark' })
            .returning({ id: conversations.id });
          return row!.id;
        } finally {
          await close();
        }
      },
      async messageCount(conversationId) {
        const { db, close } = openDatabase(database);
        try {
          return await db.$count(messages, eq(messages.conversationId, conversationId));
        } finally {
          await close();
        }
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The stop of every app not stopped yet, so that a bench giving up can still stop its children. */
const unfinished = new Set<() => Promise<void>>();

/** Stops every app still running (when the bench gives up before its own cleanup could run). */
export async function stopAllApps(): Promise<void> {
  await Promise.all([...unfinished].map((stop) => stop()));
}

interface Child {
  process: ChildProcess;
  waitFor(pattern: RegExp, timeoutMs: number): Promise<void>;
}

/** Spawns a child in its own process group, logging its output under `name`. */
function start(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
  name: string,
): Child {
  const child = spawn(command, args, { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const handle: Child = { process: child, waitFor };
  let output = '';
  for (const stream of [child.stdout, child.stderr]) {
    stream?.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      for (const line of chunk.split('\n')) if (line.trim()) log(`[${name}] ${line}`);
    });
  }
  async function waitFor(pattern: RegExp, timeoutMs: number) {
    await waitUntil(
      async () => {
        if (child.exitCode !== null) throw new Error(`${name} exited:\n${output}`);
        return pattern.test(output);
      },
      timeoutMs,
      name,
    );
  }
  return handle;
}

/** Ctrl-C to the child's process group, as a terminal would; waits for it to exit. */
async function interrupt(child: Child): Promise<void> {
  if (child.process.exitCode !== null || child.process.pid === undefined) return;
  const exited = new Promise((resolve) => child.process.once('exit', resolve));
  process.kill(-child.process.pid, 'SIGINT');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
  if (child.process.exitCode === null) process.kill(-child.process.pid, 'SIGKILL');
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (error) {
      if (error instanceof Error && / exited:/.test(error.message)) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${what} did not come up within ${timeoutMs / 1000} s`);
}

/**
 * Where the runtime behind `wrangler dev` listens itself. The dev registry
 * names its debug port; the process listening there also listens on its
 * entry socket, the one that answers /api/health. (Linux: reads `ss`.)
 */
async function runtimeEntry(registryFile: string, devUrl: string): Promise<string> {
  const { debugPortAddress } = z
    .object({ debugPortAddress: z.string() })
    .parse(JSON.parse(readFileSync(registryFile, 'utf8')));
  const listening = execFileSync('ss', ['-Htlnp'], { encoding: 'utf8' })
    .split('\n')
    .map((line) => ({ address: line.split(/\s+/)[3] ?? '', pid: /pid=(\d+)/.exec(line)?.[1] }));
  const pid = listening.find((socket) => socket.address === debugPortAddress)?.pid;
  const candidates = listening.filter(
    (socket) =>
      pid && socket.pid === pid && socket.address !== debugPortAddress && socket.address.startsWith('127.0.0.1:'),
  );
  for (const candidate of candidates) {
    const url = `http://${candidate.address}`;
    if (url === devUrl) continue;
    const health = await fetch(`${url}/api/health`).catch(() => undefined);
    if (health?.ok) return url;
  }
  throw new Error(`no entry socket found beside the runtime's debug port ${debugPortAddress}`);
}
