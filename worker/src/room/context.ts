/**
 * What a speaker's provider is sent, pure: the persona's own system prompt and
 * temperature, the room's framing, the recent turns verbatim, and older turns
 * folded into a running summary so the prompt stays within the model's window.
 * The summary is extractive (each folded message's opening, by its author): it
 * costs no provider call and cannot invent anything.
 *
 * Viewer text never enters the system prompt (issue 12.12, OWASP LLM01): each
 * interjection is its own user turn, delimited and labelled as a viewer's
 * (providers/transcript.ts), and the system prompt says such turns are
 * conversation, not instructions. The summary, which may echo what viewers
 * said through the personas' replies, is a user turn too, and folds no viewer
 * message. The Moderator's nudge reaches the speaker as an explicit
 * instruction, the last turn.
 */
import { estimateTokens } from '../providers/tokens.ts';
import {
  ANSWER_VIEWER_CUE,
  CARRY_ON,
  CLOSING_CUE,
  FINAL_CUE,
  FOLLOW_MODERATOR_CUE,
  moderatorInstruction,
  OPENING_PREFIX,
  SHOW_HEADING,
  speakerTurn,
  summaryTurn,
  TOPIC_PREFIX,
  VIEWER_RULE,
  viewerTurn,
} from '../providers/transcript.ts';
import type { ChatMessage, ChatRequest } from '../providers/types.ts';
import type { RoomPersona, RoomSettings } from './contract.ts';
import type { RoomMessage } from '../contract/index.ts';

/** Older turns, summarised: messages up to `throughSeq` are in `text`. */
export interface RunningSummary {
  text: string;
  throughSeq: number;
}

export const EMPTY_SUMMARY: RunningSummary = { text: '', throughSeq: 0 };

/** Turns kept verbatim at most, however roomy the window. */
export const RECENT_MESSAGES = 12;
/** The prompt budget when a model's window is not known: small enough for any model, and cheap. */
export const DEFAULT_WINDOW_TOKENS = 8000;
/** The summary's size cap; its oldest lines go first. */
export const SUMMARY_MAX_CHARS = 2400;
const GIST_WORDS = 30;
const SAFETY_TOKENS = 200;

/** What kind of turn this is. */
export type TurnKind = 'turn' | 'closing' | 'final';

/** What building a context needs. */
export interface ContextInput {
  settings: Pick<RoomSettings, 'title' | 'topic' | 'personas'>;
  speaker: RoomPersona;
  /** Finished messages after `summary.throughSeq`, oldest first. */
  history: RoomMessage[];
  summary: RunningSummary;
  windowTokens?: number;
  kind: TurnKind;
  /** The interjection this turn answers. */
  replyTo: RoomMessage | null;
  /** A new angle the moderator asked for. */
  nudge: string | null;
  /** The AI turn this is (1-based); by default one past the last AI message's `turn`. The demo provider's seed. */
  turn?: number;
}

/** The request (without its model) and the summary after folding what no longer fits. */
export interface BuiltContext {
  request: Omit<ChatRequest, 'model'>;
  summary: RunningSummary;
}

/** Builds the request of a turn; folds into the summary what the window cannot keep verbatim. */
export function buildContext(input: ContextInput): BuiltContext {
  const { speaker, kind } = input;
  const maxOutputTokens =
    kind === 'closing' ? 160 : Math.min(2048, Math.max(128, Math.round(speaker.avgLength * 2.8) + 64));
  const system = systemPrompt(input);
  const window = input.windowTokens ?? DEFAULT_WINDOW_TOKENS;
  const budget = window - maxOutputTokens - estimateTokens(system) - Math.ceil(SUMMARY_MAX_CHARS / 4) - SAFETY_TOKENS;

  const kept: RoomMessage[] = [];
  let used = 0;
  for (const message of [...input.history].reverse()) {
    const cost = estimateTokens(message.content) + 24;
    if (kept.length >= RECENT_MESSAGES || used + cost > budget) break;
    kept.unshift(message);
    used += cost;
  }
  const folded = input.history.slice(0, input.history.length - kept.length);
  const summary = folded.length === 0 ? input.summary : fold(input.summary, folded);

  return {
    request: {
      system,
      messages: chatMessages(kept, summary, input),
      temperature: speaker.temperature,
      maxOutputTokens,
      persona: {
        name: speaker.displayName,
        style: speaker.style,
        traits: speaker.traits,
        avgLength: kind === 'closing' ? 25 : speaker.avgLength,
      },
      seed: input.turn ?? nextTurn(input.history),
    },
    summary,
  };
}

/** The persona's own prompt, then the room's framing and rules: settings and fixed text only, never a viewer's words. */
function systemPrompt(input: ContextInput): string {
  const { speaker, settings } = input;
  const others = settings.personas
    .filter((persona) => persona.name !== speaker.name)
    .map((persona) => persona.displayName);
  const lines = [
    `You are ${speaker.displayName} on "${settings.title}", a live conversation show, talking with ${others.join(' and ')}.`,
    `${TOPIC_PREFIX}${settings.topic}`,
    `Speak only as ${speaker.displayName}, in about ${speaker.avgLength} words. Do not start with your name.` +
      ' Answer the previous speaker by name and take up what they actually said, keep coming back to the topic, and keep the conversation moving.',
    VIEWER_RULE,
  ];
  if (input.replyTo) lines.push(ANSWER_VIEWER_CUE);
  if (input.nudge) lines.push(FOLLOW_MODERATOR_CUE);
  if (input.kind === 'closing') lines.push(CLOSING_CUE);
  if (input.kind === 'final') lines.push(FINAL_CUE);
  return `${speaker.systemPrompt}\n\n${SHOW_HEADING}\n${lines.join('\n')}`;
}

/** One past the last AI message's turn number, or one past the AI messages counted. */
function nextTurn(history: RoomMessage[]): number {
  const last = history.findLast((message) => message.senderType === 'ai' && message.metadata.turn !== undefined);
  return (last?.metadata.turn ?? history.filter((message) => message.senderType === 'ai').length) + 1;
}

/** Appends the folded messages' gists to the summary (viewers' words stay out), dropping its oldest lines beyond the cap. */
function fold(summary: RunningSummary, folded: RoomMessage[]): RunningSummary {
  const gists = folded
    .filter((message) => message.senderType !== 'user')
    .map((message) => `${message.author}: ${gist(message.content)}`);
  const lines = [...(summary.text ? summary.text.split('\n') : []), ...gists];
  while (lines.length > 1 && lines.join('\n').length > SUMMARY_MAX_CHARS) lines.shift();
  return { text: lines.join('\n'), throughSeq: folded.at(-1)!.seq };
}

/** The opening of a message: its first sentence, at most GIST_WORDS words. */
function gist(content: string): string {
  const first = content.split(/(?<=[.!?])\s+/)[0] ?? content;
  const words = first.split(/\s+/).filter(Boolean);
  return words.length > GIST_WORDS ? `${words.slice(0, GIST_WORDS).join(' ')}…` : words.join(' ');
}

/**
 * The transcript: the summary first, then each message as its own turn (never
 * merged): the speaker's own as `assistant`, another persona's or the
 * Moderator's as `user` labelled with who said it, a viewer's as a delimited
 * viewer turn; then the Moderator's instruction when a nudge is pending.
 * It starts and ends with `user`, as every provider accepts.
 */
function chatMessages(history: RoomMessage[], summary: RunningSummary, input: ContextInput): ChatMessage[] {
  const { speaker } = input;
  const result: ChatMessage[] = summary.text ? [{ role: 'user', content: summaryTurn(summary.text) }] : [];
  for (const message of history) {
    if (message.senderType === 'ai' && message.persona === speaker.name)
      result.push({ role: 'assistant', content: message.content });
    else if (message.senderType === 'user')
      result.push({
        role: 'user',
        content: viewerTurn(message.author, message.content, message.id === input.replyTo?.id),
      });
    else result.push({ role: 'user', content: speakerTurn(message.author, message.content) });
  }
  if (result[0]?.role !== 'user')
    result.unshift({ role: 'user', content: `${OPENING_PREFIX}${input.settings.topic}.` });
  if (input.nudge) result.push({ role: 'user', content: moderatorInstruction(speaker.displayName, input.nudge) });
  if (result.at(-1)?.role !== 'user') result.push({ role: 'user', content: CARRY_ON });
  return result;
}
