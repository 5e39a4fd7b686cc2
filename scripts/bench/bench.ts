/**
 * `npm run bench`: one room of the app (run as `npm run dev` runs it) fed by
 * the demo provider at a fixed pace, watched by 100, 1,000 and 5,000
 * WebSocket viewers in turn; then a plain Node `ws` server doing the same
 * streaming work for the same viewers. Prints, for each audience, the
 * token-to-viewer latency p50/p99, frames per viewer per second, Postgres
 * writes per message, and the latency ratio room / plain server; then a
 * reconnect storm (storm.ts): `--storm` viewers dropped at once and back
 * within a second, with the time until all resumed and every refusal; then
 * the reaction load (reactors.ts): `--reactors` viewers reacting as fast as
 * their budget allows while the room streams, beside the same audience
 * without reactions.
 *
 *   npm run bench -- [--viewers 100,1000,5000] [--seconds 15] [--pace-ms 50] [--storm 1000] [--reactors 1000] [--verbose]
 *
 * Loopback only, bounded in time (--timeout-s, default 900).
 */
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { startBenchApp, stopAllApps, type BenchApp } from './app.ts';
import { startReacting, type ReactionFigures, type ReactionLoad } from './reactors.ts';
import {
  formatReport,
  WARM_UP_MS,
  type BenchReport,
  type BenchRow,
  type Figures,
  type ReactionRow,
  type StormRow,
} from './report.ts';
import { benchSettings } from './settings.ts';
import { measureStorm } from './storm.ts';
import { connectViewers, percentile, type Measurement } from './viewers.ts';

export { formatReport } from './report.ts';

/** What a run measures. */
export interface BenchOptions {
  viewers: number[];
  /** Measuring window per audience and server. */
  seconds: number;
  /** DEMO_PACE_MS: mean milliseconds between the provider's words. */
  paceMs: number;
  /** Viewers of the reconnect storm; 0: none. */
  storm: number;
  /** Viewers of the reaction load; 0: none. */
  reactors: number;
  log: (line: string) => void;
}

/** After stopping, the outbox has this long to reach Postgres before writes are counted. */
const DRAIN_MS = 2500;
/** How long the end of a run waits for the message being streamed to finish after the pause. */
const MESSAGE_END_WAIT_MS = 60_000;

export async function runBench(options: BenchOptions): Promise<BenchReport> {
  const app = await startBenchApp({ demoPaceMs: options.paceMs, log: options.log });
  const baseline = await startBaseline(options.paceMs);
  try {
    const rows: BenchRow[] = [];
    for (const viewers of options.viewers) {
      options.log(`[bench] ${viewers} viewers: room at the runtime's entry`);
      const room = await measureRoom(app, app.runtimeUrl, viewers, options.seconds);
      options.log(`[bench] ${viewers} viewers: plain ws server`);
      const plain = await measurePlain(baseline.url, viewers, options.seconds);
      options.log(`[bench] ${viewers} viewers: room through wrangler's dev proxy`);
      const devProxy = await measureRoom(app, app.url, viewers, options.seconds).then(
        (result) => result.figures,
        (error: unknown) => ({ error: error instanceof Error ? error.message : String(error) }),
      );
      rows.push({
        viewers,
        room: room.figures,
        devProxy,
        baseline: figures(plain),
        writesPerMessage: room.writes / Math.max(1, room.stored),
        messagesStored: room.stored,
      });
    }
    let storm: StormRow | null = null;
    if (options.storm > 0) {
      options.log(`[bench] reconnect storm: ${options.storm} viewers dropped and back within 1 s`);
      storm = await measureStormRow(app, options.storm);
    }
    return { rows, storm, reactions: await measureReactions(app, options, rows) };
  } finally {
    baseline.stop();
    await app.stop();
  }
}

/** The same audience without reactions (a row measured above, else now) and while it reacts. */
async function measureReactions(app: BenchApp, options: BenchOptions, rows: BenchRow[]): Promise<ReactionRow | null> {
  const { reactors: viewers, seconds } = options;
  if (viewers === 0) return null;
  options.log(`[bench] ${viewers} viewers reacting as fast as their budget allows`);
  const quiet =
    rows.find((row) => row.viewers === viewers)?.room ??
    (await measureRoom(app, app.runtimeUrl, viewers, seconds)).figures;
  const loaded = await measureRoom(app, app.runtimeUrl, viewers, seconds, startReacting);
  return { viewers, quiet, reacting: loaded.figures, load: loaded.load! };
}

async function measureRoom(
  app: BenchApp,
  url: string,
  viewers: number,
  seconds: number,
  startLoad?: (sockets: import('ws').WebSocket[]) => ReactionLoad,
) {
  const id = await app.createConversation();
  await app.control(id, 'configure', benchSettings(id));
  const pool = await connectViewers(`${url.replace(/^http/, 'ws')}/ws/conversation/${id}`, viewers);
  const load = startLoad?.(pool.sockets);
  app.tap.reset();
  await app.control(id, 'start');
  await sleep(WARM_UP_MS);
  // Reactions need a finished message: their window opens once the first one ended.
  if (load) await Promise.race([load.ready, sleep(MESSAGE_END_WAIT_MS)]);
  const from = Date.now();
  const measurement = await pool.measure(seconds);
  const reactions: ReactionFigures | undefined = load?.figures(from, Date.now());
  load?.stop();
  // Pause lets the message in progress finish and starts no other: no half-streamed message (and its aborted call) blurs writes per message.
  await app.control(id, 'pause');
  const deadline = Date.now() + MESSAGE_END_WAIT_MS;
  while ((await app.control(id, 'state')).speaking !== null && Date.now() < deadline) await sleep(200);
  await app.control(id, 'stop');
  await pool.close();
  await sleep(DRAIN_MS);
  const stored = await app.messageCount(id);
  return { figures: figures(measurement), writes: app.tap.counts().writes, stored, load: reactions };
}

async function measureStormRow(app: BenchApp, viewers: number): Promise<StormRow> {
  const id = await app.createConversation();
  await app.control(id, 'configure', benchSettings(id));
  await app.control(id, 'start');
  const storm = await measureStorm(`${app.runtimeUrl.replace(/^http/, 'ws')}/ws/conversation/${id}`, viewers, {
    onDrop: () => app.tap.reset(),
  });
  const { connections, statements } = app.tap.counts();
  await app.control(id, 'stop');
  return { ...storm, postgresConnections: connections, postgresStatements: statements };
}

async function measurePlain(url: string, viewers: number, seconds: number): Promise<Measurement> {
  const pool = await connectViewers(url.replace(/^http/, 'ws'), viewers);
  await fetch(`${url}/start`, { method: 'POST' });
  await sleep(WARM_UP_MS);
  const measurement = await pool.measure(seconds);
  await fetch(`${url}/stop`, { method: 'POST' });
  await pool.close();
  return measurement;
}

function figures(measurement: Measurement): Figures {
  return {
    p50: percentile(measurement.latencies, 0.5),
    p99: percentile(measurement.latencies, 0.99),
    framesPerViewerPerSecond: measurement.frames / measurement.viewers / measurement.seconds,
    samples: measurement.latencies.length,
  };
}

/** Starts the plain server in its own process, as the room's runtime is in its own. */
async function startBaseline(paceMs: number): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, [new URL('./baseline-server.ts', import.meta.url).pathname, String(paceMs)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  process.once('exit', () => child.kill('SIGTERM'));
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const match = /listening (\d+)/.exec(chunk);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`the plain server exited (${code})`)));
  });
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') };
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function main() {
  const { values } = parseArgs({
    options: {
      viewers: { type: 'string', default: '100,1000,5000' },
      seconds: { type: 'string', default: '15' },
      'pace-ms': { type: 'string', default: '50' },
      storm: { type: 'string', default: '1000' },
      reactors: { type: 'string', default: '1000' },
      'timeout-s': { type: 'string', default: '900' },
      verbose: { type: 'boolean', default: false },
    },
  });
  const options: BenchOptions = {
    viewers: values.viewers === '' ? [] : values.viewers.split(',').map(Number),
    seconds: Number(values.seconds),
    paceMs: Number(values['pace-ms']),
    storm: Number(values.storm),
    reactors: Number(values.reactors),
    log: (line) => {
      if (values.verbose || line.startsWith('[bench]')) console.error(line);
    },
  };
  if (
    options.viewers.some((count) => !Number.isInteger(count) || count < 1) ||
    !(options.seconds > 0) ||
    !(options.paceMs > 0) ||
    ![options.storm, options.reactors].every((count) => Number.isInteger(count) && count >= 0)
  ) {
    throw new Error(
      '--viewers takes positive integers, --seconds and --pace-ms positive numbers, --storm and --reactors counts (0: none)',
    );
  }
  const timeout = setTimeout(() => {
    console.error(`[bench] gave up after ${values['timeout-s']} s`);
    void stopAllApps().finally(() => process.exit(2));
  }, Number(values['timeout-s']) * 1000);
  const report = await runBench(options);
  clearTimeout(timeout);
  console.log(formatReport(report, options));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(`[bench] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
