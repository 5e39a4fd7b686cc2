/**
 * The show benchmark's figures, pure: from the frames one viewer of a room
 * received (with their arrival times), what a visitor would judge: repeated
 * sentences, messages on the topic, replies that refer to the previous
 * speaker, interjection answers that refer to the interjection, nudges taken
 * up, each persona's share of the turns against its fair share, and the
 * pauses between one message's end and the next one's typing and first text,
 * scaled back to default timing.
 */
import { sentenceKey, splitSentences } from '../../worker/src/providers/transcript.ts';
import { tookUpNudge } from '../../worker/src/room/quality.ts';
import type { RoomMessage, ServerFrame } from '../../worker/src/contract/index.ts';
import { fairShares, type Candidate } from '../../worker/src/room/turn-policy.ts';

/** A frame and when the viewer received it (ms, its clock). */
export interface ReceivedFrame {
  at: number;
  frame: ServerFrame;
}

/** One recorded room. */
export interface RoomRun {
  topic: string;
  personas: Candidate[];
  frames: ReceivedFrame[];
  /** ROOM_TIMING_SCALE of the run: measured pauses are divided by it. */
  scale: number;
}

/** What one room showed. */
export interface ShowFigures {
  aiMessages: number;
  /** Sentences of AI messages said before in the room, word for word. */
  repeatedSentences: number;
  onTopic: number;
  refersToPrevious: number;
  interjections: { answered: number; referring: number };
  nudges: { given: number; takenUp: number };
  /** Each persona's share of the AI turns over its fair share. */
  shares: Record<string, number>;
  /** The most AI turns anyone waited between two of their own. */
  longestWait: number;
  /** Message end → next typing-start, and → next first text, in ms at default timing. */
  endToTyping: number[];
  endToText: number[];
  /** Shares of the show's time with no typing indicator and no streaming text; and with no announcement of who is up next either. */
  noTypingNoText: number;
  nothingShown: number;
}

const STOPWORDS = new Set(
  'the a an and or but of to in on at for with about from into that this what which who whom whether would could should will make it one can be is are was were their there'.split(
    ' ',
  ),
);

/** The figures of one run. */
export function measureRun(run: RoomRun): ShowFigures {
  const ended = run.frames.filter(
    (received): received is ReceivedFrame & { frame: Extract<ServerFrame, { type: 'message-end' }> } =>
      received.frame.type === 'message-end',
  );
  const messages = ended.map((received) => received.frame.message);
  const ai = messages.filter((message) => message.senderType === 'ai');
  return {
    aiMessages: ai.length,
    repeatedSentences: repeatedSentenceShare(ai),
    onTopic: share(ai, (message) => onTopic(message.content, run.topic)),
    refersToPrevious: share(ai.slice(1), (message) => refersTo(message.content, ai[ai.indexOf(message) - 1]!)),
    interjections: interjectionAnswers(messages),
    nudges: nudgesTakenUp(messages),
    ...fairness(ai, run.personas),
    ...pauses(run.frames, run.scale),
  };
}

/** The median and 90th percentile of `values`. */
export function distribution(values: number[]): { median: number; p90: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { median: at(0.5), p90: at(0.9) };
}

function repeatedSentenceShare(ai: RoomMessage[]): number {
  const seen = new Set<string>();
  let total = 0;
  let repeated = 0;
  for (const message of ai) {
    for (const key of splitSentences(message.content).map(sentenceKey).filter(Boolean)) {
      total += 1;
      if (seen.has(key)) repeated += 1;
      seen.add(key);
    }
  }
  return total === 0 ? 0 : repeated / total;
}

/** On topic: the message says at least half of the topic's content words. */
function onTopic(text: string, topic: string): boolean {
  const wanted = [...new Set(words(topic).filter((word) => word.length >= 4 && !STOPWORDS.has(word)))];
  const said = new Set(words(text));
  return wanted.length > 0 && wanted.filter((word) => said.has(word)).length * 2 >= wanted.length;
}

/** Refers to a message: names its author (with or without "The"), or takes up five of its words in a row. */
function refersTo(text: string, previous: RoomMessage): boolean {
  const bare = previous.author.replace(/^the\s+/i, '').toLowerCase();
  return text.toLowerCase().includes(bare) || sharesRun(text, previous.content, 5);
}

function interjectionAnswers(messages: RoomMessage[]) {
  const answers = messages.filter((message) => message.senderType === 'ai' && message.metadata.replyTo);
  const referring = answers.filter((answer) => {
    const interjection = messages.find((message) => message.id === answer.metadata.replyTo);
    return (
      interjection !== undefined &&
      (answer.content.toLowerCase().includes(interjection.author.toLowerCase()) ||
        sharesRun(answer.content, interjection.content, 4))
    );
  });
  return { answered: answers.length, referring: referring.length };
}

/** A nudge is taken up when the next AI message (the very next turn) takes up its angle. */
function nudgesTakenUp(messages: RoomMessage[]) {
  const nudges = messages.filter((message) => message.senderType === 'system' && message.metadata.nudge);
  const takenUp = nudges.filter((nudge) => {
    const next = messages.find((message) => message.senderType === 'ai' && message.seq > nudge.seq);
    return next !== undefined && tookUpNudge(next.content, nudge.metadata.nudge!);
  });
  return { given: nudges.length, takenUp: takenUp.length };
}

function fairness(ai: RoomMessage[], personas: Candidate[]) {
  const fair = fairShares(personas);
  const shares: Record<string, number> = {};
  let longestWait = 0;
  for (const persona of personas) {
    const turns = ai.flatMap((message, index) => (message.persona === persona.name ? [index] : []));
    shares[persona.name] = turns.length / Math.max(1, ai.length) / fair.get(persona.name)!;
    const marks = [-1, ...turns, ai.length];
    for (let index = 1; index < marks.length; index++)
      longestWait = Math.max(longestWait, marks[index]! - marks[index - 1]! - 1);
  }
  return { shares, longestWait };
}

/** The pauses after each AI message, and the shares of time without typing, text or announcement. */
function pauses(frames: ReceivedFrame[], scale: number) {
  const endToTyping: number[] = [];
  const endToText: number[] = [];
  let blank = 0;
  let unannounced = 0;
  const first = frames.find((received) => received.frame.type === 'typing-start')?.at ?? 0;
  let last = first;
  for (const [index, end] of frames.entries()) {
    if (end.frame.type !== 'message-end' || end.frame.message.senderType !== 'ai') continue;
    last = end.at;
    const after = frames.slice(index + 1);
    const typing = after.find((received) => received.frame.type === 'typing-start');
    if (!typing) continue;
    const announced = after.find(
      (received) => received.frame.type === 'turn-announce' || received.frame.type === 'typing-start',
    )!;
    const text = after.find((received) => received.frame.type === 'message-delta' && received.at >= typing.at);
    endToTyping.push((typing.at - end.at) / Math.max(scale, 1e-9));
    if (text) endToText.push((text.at - end.at) / Math.max(scale, 1e-9));
    blank += typing.at - end.at;
    unannounced += announced.at - end.at;
  }
  const total = Math.max(1, last - first);
  return { endToTyping, endToText, noTypingNoText: blank / total, nothingShown: unannounced / total };
}

function share<T>(items: T[], test: (item: T) => boolean): number {
  return items.length === 0 ? 0 : items.filter(test).length / items.length;
}

function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? [];
}

/** True when `text` contains `length` consecutive words of `source`. */
function sharesRun(text: string, source: string, length: number): boolean {
  const own = words(text).join(' ');
  const theirs = words(source);
  for (let index = 0; index + length <= theirs.length; index++)
    if (` ${own} `.includes(` ${theirs.slice(index, index + length).join(' ')} `)) return true;
  return false;
}
