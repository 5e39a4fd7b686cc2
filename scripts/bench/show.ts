/**
 * `npm run bench:show`: the show as a visitor judges it. Runs the app as
 * `npm run dev` runs it (app.ts) with every natural delay, the demo
 * provider's pace and the fake providers' time to first token scaled by
 * --scale, and in each turn mode one room of the three seed personas on the
 * demo provider and one on a fake OpenAI (scripts/fake-providers) whose first
 * token comes after 1.5 s (scaled), for --turns AI turns each, with scripted
 * interjections (every 12th turn; every other one addresses a persona by
 * name). A WebSocket viewer records each room; show-metrics.ts turns the
 * frames into the figures printed. Pauses are divided by --scale to give them
 * at default timing (a fixed per-frame overhead is magnified by that too).
 *
 * First, --visits times (default 3), a fresh visitor on a fresh install at
 * default timing (first-visit.ts): from opening the site to its first streamed
 * text.
 *
 *   npm run bench:show -- [--scale 0.25] [--turns 60] [--modes sequential,random,context-aware] [--visits 3] [--verbose]
 *
 * Loopback only, bounded in time (--timeout-s, default 1200).
 */
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { z } from 'zod';
import { SEED_PERSONAS } from '../../worker/src/personas/seed.ts';
import { DEMO_MODEL } from '../../worker/src/providers/demo/demo.ts';
import { TURN_MODES, type RoomPersona, type RoomSettings, type TurnMode } from '../../worker/src/room/contract.ts';
import { parseServerFrame } from '../../worker/src/contract/index.ts';
import { startFakeProviders } from '../fake-providers/server.ts';
import { startBenchApp, stopAllApps, type BenchApp } from './app.ts';
import { firstVisitMs } from './first-visit.ts';
import { distribution, measureRun, type ReceivedFrame, type ShowFigures } from './show-metrics.ts';

/** What the fake providers' rooms wait for their first token, at default timing. */
const FAKE_FIRST_TOKEN_MS = 1500;
/** The demo provider's pace at default timing (DEMO_PACE_MS's default). */
const DEMO_PACE_MS = 45;
const TOPIC = 'whether talking with an AI can be a real conversation, and what would make it one';
const INTERJECTION_EVERY = 12;
const ada = { userId: '00000000-0000-4000-8000-00000000ada1', username: 'newcomer1' };

type Kind = 'demo' | 'fake';
interface Row {
  kind: Kind;
  mode: TurnMode;
  figures: ShowFigures;
}

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '0.25' },
    turns: { type: 'string', default: '60' },
    modes: { type: 'string', default: TURN_MODES.join(',') },
    'timeout-s': { type: 'string', default: '1200' },
    visits: { type: 'string', default: '3' },
    verbose: { type: 'boolean', default: false },
  },
});
const scale = Number(values.scale);
const turns = Number(values.turns);
const modes = z.array(z.enum(TURN_MODES)).parse(values.modes.split(','));
const log = values.verbose ? (line: string) => console.error(line) : () => {};
const timeout = setTimeout(() => {
  console.error(`bench:show: gave up after ${values['timeout-s']} s`);
  void stopAllApps().finally(() => process.exit(1));
}, Number(values['timeout-s']) * 1000);

const visits: number[] = [];
for (let visit = 0; visit < Number(values.visits); visit++) {
  console.error(`[bench:show] fresh visitor on a fresh install, ${visit + 1} of ${values.visits}`);
  visits.push(await firstVisitMs(log));
}
if (visits.length > 0) {
  const sorted = [...visits].sort((a, b) => a - b);
  console.log(
    `Fresh visitor on a fresh install (default timing): first streamed text ${sorted.map((ms) => seconds(ms)).join(', ')} after opening the site (median ${seconds(sorted[Math.floor(sorted.length / 2)]!)}).\n`,
  );
}

const fake = await startFakeProviders();
const space = z
  .object({ id: z.string() })
  .parse(await (await fetch(`${fake.url}/spaces`, { method: 'POST' })).json()).id;
const reply =
  'Speaking for the fake provider, I will say that a real conversation needs someone listening on the other side, and a little patience from both of us. '
    .repeat(2)
    .split(/(?<= )/);
await fetch(`${fake.url}/spaces/${space}/script`, {
  method: 'PUT',
  body: JSON.stringify({
    reply,
    faults: [{ kind: 'slow-first-token', delayMs: Math.round(FAKE_FIRST_TOKEN_MS * scale) }],
  }),
});
const app = await startBenchApp({
  demoPaceMs: Math.max(1, Math.round(DEMO_PACE_MS * scale)),
  log,
  env: {
    ROOM_TIMING_SCALE: String(scale),
    OPENAI_API_KEY: 'fake-key',
    OPENAI_BASE_URL: `${fake.url}/${space}/openai/v1`,
  },
});
try {
  const rows: Row[] = [];
  for (const kind of ['demo', 'fake'] as const) {
    console.error(`[bench:show] ${kind}: ${modes.join(', ')} rooms, ${turns} turns each`);
    const figures = await Promise.all(modes.map((mode) => runRoom(app, kind, mode)));
    rows.push(...figures.map((result, index) => ({ kind, mode: modes[index]!, figures: result })));
  }
  console.log(formatShowReport(rows));
} finally {
  clearTimeout(timeout);
  await app.stop();
  await fake.stop();
}

function castOf(kind: Kind): RoomPersona[] {
  return SEED_PERSONAS.map(({ defaultProvider: _provider, defaultModel: _model, ...persona }) =>
    kind === 'demo'
      ? { ...persona, provider: 'demo' as const, model: DEMO_MODEL }
      : { ...persona, provider: 'openai' as const, model: 'gpt-4.1-mini' },
  );
}

/** One room until it stops after `turns` AI turns, watched by one viewer who interjects now and then. */
async function runRoom(bench: BenchApp, kind: Kind, mode: TurnMode): Promise<ShowFigures> {
  const id = await bench.createConversation();
  const personas = castOf(kind);
  const settings: RoomSettings = {
    conversationId: id,
    title: `The show (${kind}, ${mode})`,
    topic: TOPIC,
    mode,
    personas,
    maxTurns: turns,
    budgetUsd: 50,
    fallbackOrder: [],
  };
  await bench.control(id, 'configure', settings);
  const frames: ReceivedFrame[] = [];
  const socket = new WebSocket(`${bench.runtimeUrl.replace(/^http/, 'ws')}/ws/conversation/${id}`, {
    perMessageDeflate: false,
    headers: { 'cf-connecting-ip': `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` },
  });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  let aiMessages = 0;
  const stopped = new Promise<void>((resolve, reject) => {
    // A reloaded worker (wrangler dev restarts it when the source changes) closes the socket: fail, never hang.
    socket.once('close', () =>
      reject(new Error(`[bench:show] the viewer's socket closed before the ${kind} ${mode} room stopped`)),
    );
    socket.on('message', (data) => {
      const frame = parseServerFrame(String(data));
      frames.push({ at: performance.now(), frame });
      if (frame.type === 'state' && frame.state.status === 'stopped') resolve();
      if (frame.type !== 'message-end' || frame.message.senderType !== 'ai') return;
      aiMessages += 1;
      if (aiMessages % INTERJECTION_EVERY !== INTERJECTION_EVERY - 4 || aiMessages >= turns - 1) return;
      const addressed =
        (aiMessages / INTERJECTION_EVERY) % 2 < 1
          ? personas.find((persona) => persona.name !== frame.message.persona)!
          : null;
      const text = addressed
        ? `${addressed.displayName}, does a conversation need surprise to be real, number ${aiMessages}?`
        : `Honest question number ${aiMessages}: would you still talk if nobody were watching?`;
      void bench
        .interject(id, { ...ada, text })
        .catch((error: unknown) => console.error(`[bench:show] interjection refused: ${String(error)}`));
    });
  });
  await bench.control(id, 'start');
  await stopped;
  socket.close();
  return measureRun({ topic: TOPIC, personas, frames, scale });
}

/** Milliseconds as seconds with one decimal. */
function seconds(value: number): string {
  return Number.isFinite(value) ? `${(value / 1000).toFixed(1)} s` : 'n/a';
}

/** The report: one table per provider kind, the conditions above. */
function formatShowReport(rows: Row[]): string {
  const percent = (value: number) => (Number.isFinite(value) ? `${Math.round(value * 100)}%` : 'n/a');
  const lines = [
    `Rooms of the three seed personas on "${TOPIC}", ${turns} AI turns each, one viewer; an interjection every ${INTERJECTION_EVERY} turns (every other one addressing a persona by name).`,
    `Natural timing scaled by ${scale} (delays, the demo provider's ${DEMO_PACE_MS} ms a word, the fake provider's ${FAKE_FIRST_TOKEN_MS} ms to first token); pauses below divided by ${scale}, so at default timing.`,
    '',
    '| provider | mode | repeated sentences | on topic | refer to previous speaker | interjection answers referring to it | nudges taken up (next turn) | speaker shares / fair share (min–max) | longest wait | end → typing (median / p90) | end → first text (median / p90) | no typing, no text | nothing shown |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const { kind, mode, figures } of rows) {
    const shares = Object.values(figures.shares);
    const typing = distribution(figures.endToTyping);
    const text = distribution(figures.endToText);
    const scripted = kind === 'fake';
    lines.push(
      [
        kind === 'demo' ? 'demo' : `fake openai (${FAKE_FIRST_TOKEN_MS / 1000} s to first token)`,
        mode,
        scripted ? 'n/a (scripted reply)' : percent(figures.repeatedSentences),
        scripted ? 'n/a' : percent(figures.onTopic),
        scripted ? 'n/a' : percent(figures.refersToPrevious),
        scripted
          ? `${figures.interjections.answered} answered`
          : `${figures.interjections.referring} of ${figures.interjections.answered}`,
        scripted ? `${figures.nudges.given} given` : `${figures.nudges.takenUp} of ${figures.nudges.given}`,
        `${percent(Math.min(...shares))}–${percent(Math.max(...shares))}`,
        String(figures.longestWait),
        `${seconds(typing.median)} / ${seconds(typing.p90)}`,
        `${seconds(text.median)} / ${seconds(text.p90)}`,
        percent(figures.noTypingNoText),
        percent(figures.nothingShown),
      ]
        .join(' | ')
        .replace(/^/, '| ')
        .replace(/$/, ' |'),
    );
  }
  return lines.join('\n');
}
