/** What `npm run bench` measured (bench.ts), and its report as Markdown tables. */
import { DELTA_INTERVAL_MS } from '../../worker/src/contract/index.ts';
import { REACT_INTERVAL_MS, type ReactionFigures } from './reactors.ts';
import type { StormFigures } from './storm.ts';

/** Streaming settles this long before a measuring window opens. */
export const WARM_UP_MS = 2000;

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
  /** Null when the run had no reaction load (`--reactors 0`). */
  reactions: ReactionRow | null;
}

/** Latency and frame rate of one server for one audience. */
export interface Figures {
  p50: number;
  p99: number;
  framesPerViewerPerSecond: number;
  samples: number;
}

/** The report, as Markdown tables with the conditions above them. */
export function formatReport(report: BenchReport, options: { seconds: number; paceMs: number }): string {
  const { rows, storm, reactions } = report;
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
  if (reactions) lines.push('', ...formatReactionRow(reactions));
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

/** One audience's latency without and with reactions, and what its reactions did. */
export interface ReactionRow {
  viewers: number;
  quiet: Figures;
  reacting: Figures;
  load: ReactionFigures;
}

/** The row as Markdown, the conditions above it; the target is a latency ratio of at most 1.2x. */
export function formatReactionRow(row: ReactionRow): string[] {
  const ms = (value: number) => (Number.isFinite(value) ? `${Math.round(value)} ms` : 'n/a');
  const ratio = (loaded: number, quiet: number) =>
    quiet > 0 && Number.isFinite(loaded) ? `${(loaded / quiet).toFixed(2)}×` : 'n/a';
  const { quiet, reacting, load } = row;
  return [
    `Reaction load: each of ${row.viewers.toLocaleString('en-US')} viewers sends a react frame every ${REACT_INTERVAL_MS} ms (its whole react budget) to the newest finished message, cycling through the emoji (repeats included), while the room streams; latency as above, without and with reactions (target: with ≤ 1.2× without).`,
    '',
    '| viewers | without p50 / p99 | with reactions p50 / p99 | ratio p50 / p99 | react frames sent/s | reactions accepted/s | reactions frames/s (one viewer) | rate_limited |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
    `| ${[
      row.viewers.toLocaleString('en-US'),
      `${ms(quiet.p50)} / ${ms(quiet.p99)}`,
      `${ms(reacting.p50)} / ${ms(reacting.p99)}`,
      `${ratio(reacting.p50, quiet.p50)} / ${ratio(reacting.p99, quiet.p99)}`,
      Math.round(load.sentPerSecond).toLocaleString('en-US'),
      Math.round(load.acceptedPerSecond).toLocaleString('en-US'),
      load.framesPerSecond.toFixed(1),
      load.refused,
    ].join(' | ')} |`,
  ];
}
