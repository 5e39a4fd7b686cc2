/**
 * What a speaker's provider is sent, pure: the persona's own system prompt and
 * temperature, the room's framing, the recent turns verbatim, and older turns
 * folded into a running summary so the prompt stays within the model's window.
 * The summary is extractive (each folded message's opening, by its author): it
 * costs no provider call and cannot invent anything.
 */
import { estimateTokens } from '../providers/tokens.ts';
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
}

/** The request (without its model) and the summary after folding what no longer fits. */
export interface BuiltContext {
  request: Omit<ChatRequest, 'model'>;
  summary: RunningSummary;
}

export function buildContext(input: ContextInput): BuiltContext {
  const { speaker, kind } = input;
  const maxOutputTokens = kind === 'closing' ? 160 : Math.min(2048, Math.max(128, Math.round(speaker.avgLength * 2.8) + 64));
  const framing = systemPrompt(input);
  const window = input.windowTokens ?? DEFAULT_WINDOW_TOKENS;
  const budget = window - maxOutputTokens - estimateTokens(framing) - Math.ceil(SUMMARY_MAX_CHARS / 4) - SAFETY_TOKENS;

  const kept: RoomMessage[] = [];
  let used = 0;
  for (const message of [...input.history].reverse()) {
    const cost = estimateTokens(message.content) + 8;
    if (kept.length >= RECENT_MESSAGES || used + cost > budget) break;
    kept.unshift(message);
    used += cost;
  }
  const folded = input.history.slice(0, input.history.length - kept.length);
  const summary = folded.length === 0 ? input.summary : fold(input.summary, folded);
  const system = summary.text ? `${framing}\n\nEarlier in the conversation (summary):\n${summary.text}` : framing;

  return {
    request: {
      system,
      messages: chatMessages(kept, speaker, input.settings.topic),
      temperature: speaker.temperature,
      maxOutputTokens,
      persona: { name: speaker.displayName, style: speaker.style, traits: speaker.traits, avgLength: kind === 'closing' ? 25 : speaker.avgLength },
    },
    summary,
  };
}

function systemPrompt(input: ContextInput): string {
  const { speaker, settings } = input;
  const others = settings.personas.filter((persona) => persona.name !== speaker.name).map((persona) => persona.displayName);
  const parts = [
    speaker.systemPrompt,
    `You are ${speaker.displayName} on "${settings.title}", a live conversation show, talking with ${others.join(' and ')}. Today's topic: ${settings.topic}.` +
      ` Speak only as ${speaker.displayName}, in about ${speaker.avgLength} words. Do not start with your name.` +
      ' React to what was just said and keep the conversation moving; address the others by name when you answer them.',
  ];
  if (input.replyTo) parts.push(`A viewer, ${input.replyTo.author}, has just said: "${input.replyTo.content}". Answer them directly in this reply.`);
  if (input.nudge) parts.push(`The moderator asks to take the conversation somewhere new: ${input.nudge}.`);
  if (input.kind === 'closing') parts.push('The show is ending. Give a brief closing remark, one or two sentences, in character.');
  if (input.kind === 'final') parts.push('This is the last turn of the show: wrap up with a memorable closing thought.');
  return parts.join('\n\n');
}

/** Appends the folded messages' gists to the summary, dropping its oldest lines beyond the cap. */
function fold(summary: RunningSummary, folded: RoomMessage[]): RunningSummary {
  const lines = [...(summary.text ? summary.text.split('\n') : []), ...folded.map((message) => `${message.author}: ${gist(message.content)}`)];
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
 * The speaker's own turns as `assistant`, everyone else's as `user` prefixed
 * with who said it; consecutive turns of one role merged, starting and ending
 * with `user` as every provider accepts.
 */
function chatMessages(history: RoomMessage[], speaker: RoomPersona, topic: string): ChatMessage[] {
  const result: ChatMessage[] = [];
  for (const message of history) {
    const own = message.senderType === 'ai' && message.persona === speaker.name;
    const role = own ? 'assistant' : 'user';
    const who = message.senderType === 'user' ? `${message.author} (viewer)` : message.author;
    const content = own ? message.content : `${who}: ${message.content}`;
    const previous = result.at(-1);
    if (previous?.role === role) previous.content = `${previous.content}\n\n${content}`;
    else result.push({ role, content });
  }
  if (result[0]?.role !== 'user') result.unshift({ role: 'user', content: `The show begins. The topic: ${topic}.` });
  if (result.at(-1)?.role !== 'user') result.push({ role: 'user', content: history.length === 0 ? 'Open the conversation.' : '(Your turn again: carry on.)' });
  return result;
}
