/**
 * `npm run bench`: one room of the app (run as `npm run dev` runs it) fed by
 * the demo provider at a fixed pace, watched by 100, 1,000 and 5,000
 * WebSocket viewers in turn; then a plain Node `ws` server doing the same
 * streaming work for the same viewers. Prints, for each audience, the
 * token-to-viewer latency p50/p99, frames per viewer per second, Postgres
 * writes per message, and the latency ratio room / plain server; then a
 * reconnect storm (storm.ts): `--storm` viewers dropped at once and back
 * within a second, with the time until all resumed and every refusal.
 *
 *   npm run bench -- [--viewers 100,1000,5000] [--seconds 15] [--pace-ms 50] [--storm 1000] [--verbose]
 *
 * Loopback only, bounded in time (--timeout-s, default 900).
 */
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { DELTA_INTERVAL_MS } from '../../worker/src/contract/index.ts';
import { startBenchApp, stopAllApps, type BenchApp } from './app.ts';
import { benchSettings } from './settings.ts';
import { measureStorm, type StormFigures } from './storm.ts';
import { connectViewers, percentile, type Measurement } from './viewers.ts';

/** One audience's figures. */
export interface BenchRow {
  viewers: number;
  /** The room at the runtime's entry socket. */
  room: Figures;
  /** The room at the URL `npm run dev` prints, through wrangler's dev proxy; the error when it could not carry the audience. */
  devProxy: Figures | { error: string };
  baseline: Figures;
  /** Postgres writes (INSERT/UPDATE/DELETE seen on the wire) per message stored. */
  writesPerMessage: number;
  messagesStored: number;
}

/** The reconnect storm's figures, with Postgres's share of it. */
export interface StormRow extends StormFigures {
  /** Connections opened to Postgres from the drop until every viewer was back (the streaming room's own writes included). */
  postgresConnections: number;
  postgresStatements: number;
}

/** Everything a run measured. */
export interface BenchReport {
  rows: BenchRow[];
  /** Null when the run had no storm (`--storm 0`). */
  storm: StormRow | null;
}

/** Latency and frame rate of one server for one audience. */
export interface Figures {
  p50: number;
  p99: number;
  framesPerViewerPerSecond: number;
  samples: number;
}

/** What a run measures. */
export interface BenchOptions {
  viewers: number[];
  /** Measuring window per audience and server. */
  seconds: number;
  /** DEMO_PACE_MS: mean milliseconds between the provider's words. */
  paceMs: number;
  /** Viewers of the reconnect storm; 0: none. */
  storm: number;
  log: (line: string) => void;
}

/** Streaming settles before the window opens. */
const WARM_UP_MS = 2000;
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
    if (options.storm === 0) return { rows, storm: null };
    options.log(`[bench] reconnect storm: ${options.storm} viewers dropped and back within 1 s`);
    return { rows, storm: await measureStormRow(app, options.storm) };
  } finally {
    baseline.stop();
    await app.stop();
  }
}

async function measureRoom(app: BenchApp, url: string, viewers: number, seconds: number) {
  const id = await app.createConversation();
  await app.control(id, 'configure', benchSettings(id));
  const pool = await connectViewers(`${url.replace(/^http/, 'ws')}/ws/conversation/${id}`, viewers);
  app.tap.reset();
  await app.control(id, 'start');
  await sleep(WARM_UP_MS);
  const measurement = await pool.measure(seconds);
  // Pause lets the message in progress finish and starts no other: no half-streamed message (and its aborted call) blurs writes per message.
  await app.control(id, 'pause');
  const deadline = Date.now() + MESSAGE_END_WAIT_MS;
  while ((await app.control(id, 'state')).speaking !== null && Date.now() < deadline) await sleep(200);
  await app.control(id, 'stop');
  await pool.close();
  await sleep(DRAIN_MS);
  return { figures: figures(measurement), writes: app.tap.counts().writes, stored: await app.messageCount(id) };
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

/** The report, as Markdown tables with the conditions above them. */
export function formatReport(report: BenchReport, options: Pick<BenchOptions, 'seconds' | 'paceMs'>): string {
  const { rows, storm } = report;
  const ms = (value: number) => (Number.isFinite(value) ? `${Math.round(value)} ms` : 'n/a');
  const ratio = (room: number, plain: number) =>
    plain > 0 && Number.isFinite(room) ? `${(room / plain).toFixed(1)}×` : 'n/a';
  const viaProxy = (figures: BenchRow['devProxy']) =>
    'error' in figures ? `failed: ${figures.error}` : `${ms(figures.p50)} / ${ms(figures.p99)}`;
  const lines = [
    `Provider: demo, one word per ${options.paceMs / 2}–${(options.paceMs * 3) / 2} ms (mean ${options.paceMs} ms, ≈${Math.round(1000 / options.paceMs)} tokens/s); deltas coalesced every ${DELTA_INTERVAL_MS} ms; ${options.seconds} s measured per audience after ${WARM_UP_MS / 1000} s of warm-up.`,
    'Latency: from the provider emitting the oldest text of a delta frame to a viewer receiving it (server and viewers on one machine, one system clock, millisecond resolution).',
    'Room: the app under `npm run dev`, viewers at the runtime\'s entry socket; "via dev proxy": at the URL `npm run dev` prints, through wrangler\'s dev-only proxy.',
    '',
    '| viewers | room p50 | room p99 | room frames/viewer/s | Postgres writes/message | via dev proxy p50 / p99 | plain ws p50 | plain ws p99 | plain frames/viewer/s | room/plain p50 | room/plain p99 |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (row) =>
        `| ${[
          row.viewers.toLocaleString('en-US'),
          ms(row.room.p50),
          ms(row.room.p99),
          row.room.framesPerViewerPerSecond.toFixed(1),
          `${row.writesPerMessage.toFixed(2)} (${row.messagesStored} messages)`,
          viaProxy(row.devProxy),
          ms(row.baseline.p50),
          ms(row.baseline.p99),
          row.baseline.framesPerViewerPerSecond.toFixed(1),
          ratio(row.room.p50, row.baseline.p50),
          ratio(row.room.p99, row.baseline.p99),
        ].join(' | ')} |`,
    ),
  ];
  if (storm) lines.push('', ...formatStorm(storm));
  return lines.join('\n');
}

function formatStorm(storm: StormRow): string[] {
  const seconds = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : 'n/a');
  return [
    `Reconnect storm: ${storm.viewers.toLocaleString('en-US')} viewers of a streaming room dropped at once, each back at a random moment of the next second with its last seq; a refused viewer waits as asked (Retry-After, try-again close) and retries.`,
    '',
    '| viewers | first connect of all (50 at a time) | all resumed after the drop | median | HTTP 5xx | other HTTP refusals | try-again closes | other failures | not back | Postgres connections / statements during the storm |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    `| ${[
      storm.viewers.toLocaleString('en-US'),
      seconds(storm.firstConnectMs),
      seconds(storm.allResumedMs),
      seconds(storm.medianResumedMs),
      storm.http5xx,
      storm.httpOther,
      storm.tryAgain,
      storm.failed,
      storm.missing,
      `${storm.postgresConnections} / ${storm.postgresStatements}`,
    ].join(' | ')} |`,
  ];
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
      'timeout-s': { type: 'string', default: '900' },
      verbose: { type: 'boolean', default: false },
    },
  });
  const options: BenchOptions = {
    viewers: values.viewers === '' ? [] : values.viewers.split(',').map(Number),
    seconds: Number(values.seconds),
    paceMs: Number(values['pace-ms']),
    storm: Number(values.storm),
    log: (line) => {
      if (values.verbose || line.startsWith('[bench]')) console.error(line);
    },
  };
  if (
    options.viewers.some((count) => !Number.isInteger(count) || count < 1) ||
    !(options.seconds > 0) ||
    !(options.paceMs > 0) ||
    !(Number.isInteger(options.storm) && options.storm >= 0)
  ) {
    throw new Error(
      '--viewers takes positive integers, --seconds and --pace-ms positive numbers, --storm a count (0: no storm)',
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
