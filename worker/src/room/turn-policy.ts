/**
 * Who speaks next, pure. Sequential goes round the table; random draws anyone
 * but the last speaker; context-aware lets a persona addressed by name answer,
 * and otherwise favours whoever has been quiet longest and the talkative.
 *
 * In every mode (issue 13): a persona a viewer addresses by name answers next,
 * once (sequential then resumes its order where it was); nobody waits more
 * than twice the number of personas; draws lean towards whoever is behind its
 * fair share (fairShares: talkativeness sways it, it does not dictate it), so
 * that over 90 turns everyone gets 60-150% of it.
 */
import type { TurnMode } from './contract.ts';

/** A persona as the policy sees it. */
export interface Candidate {
  name: string;
  displayName: string;
  traits: string[];
  style: string;
}

/** A finished message as the policy sees it, oldest first (a RoomMessage fits). */
export interface Turn {
  id?: string;
  senderType: 'ai' | 'user' | 'system';
  /** The persona's name for AI messages. */
  persona: string | null;
  content: string;
  /** `replyTo`: the interjection an AI message answered. */
  metadata?: { replyTo?: string };
}

const TALKATIVE_TRAITS = new Set([
  'witty',
  'playful',
  'spontaneous',
  'entertaining',
  'talkative',
  'energetic',
  'curious',
  'questioning',
  'opinionated',
]);
const RESERVED_TRAITS = new Set(['thoughtful', 'methodical', 'precise', 'reserved', 'quiet', 'calm', 'shy']);

/** How eager a persona is to speak, 0.5..2: 1 plus a quarter per talkative trait, minus a quarter per reserved one. */
export function talkativeness(persona: Pick<Candidate, 'traits' | 'style'>): number {
  const traits = persona.traits.map((trait) => trait.toLowerCase());
  const talkative =
    traits.filter((trait) => TALKATIVE_TRAITS.has(trait)).length + (persona.style.toLowerCase() === 'humorous' ? 1 : 0);
  const reserved = traits.filter((trait) => RESERVED_TRAITS.has(trait)).length;
  return Math.min(2, Math.max(0.5, 1 + 0.25 * (talkative - reserved)));
}

/** The names a persona answers to: its name, its display name, and the display name without a leading article. */
function handles(persona: Candidate): string[] {
  const bare = persona.displayName.replace(/^(the|a|an|dr\.?|mr\.?|ms\.?)\s+/i, '');
  return [
    ...new Set(
      [persona.name, persona.displayName, bare].map((handle) => handle.trim()).filter((handle) => handle.length >= 2),
    ),
  ];
}

/** Each persona's fair share of the turns, summing to 1: proportional to the cube root of its talkativeness. */
export function fairShares(personas: Candidate[]): Map<string, number> {
  const weights = personas.map((persona) => talkativeness(persona) ** (1 / 3));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  return new Map(personas.map((persona, index) => [persona.name, weights[index]! / total]));
}

/** The most turns a persona waits between two of its own: twice the number of personas. */
export function maxWait(personaCount: number): number {
  return 2 * personaCount;
}

/**
 * The persona `text` addresses by name, other than `author`; null when it names none.
 * A viewer's words address the first persona named; a persona's address the last
 * one, since a speaker hands over at the end ("...what do you say, Scientist?").
 */
export function addressedPersona(
  text: string,
  personas: Candidate[],
  author: string | null,
  which: 'first' | 'last' = 'first',
): string | null {
  let best: { name: string; at: number } | null = null;
  for (const persona of personas) {
    if (persona.name === author) continue;
    for (const handle of handles(persona)) {
      const pattern = new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(handle)}(?=$|[^\\p{L}\\p{N}])`, 'giu');
      for (const match of text.matchAll(pattern)) {
        const at = match.index;
        if (best === null || (which === 'first' ? at < best.at : at > best.at)) best = { name: persona.name, at };
      }
    }
  }
  return best?.name ?? null;
}

/** The latest interjection no AI message has answered yet, if it addresses a persona: that persona. */
export function addressedByViewer(personas: Candidate[], history: Turn[]): string | null {
  const lastAi = history.findLastIndex((turn) => turn.senderType === 'ai');
  for (let index = history.length - 1; index >= 0; index--) {
    const turn = history[index]!;
    if (turn.senderType !== 'user') continue;
    const answered =
      turn.id === undefined
        ? index < lastAi
        : history.slice(index + 1).some((later) => later.metadata?.replyTo === turn.id);
    if (answered) return null;
    const addressed = addressedPersona(turn.content, personas, null);
    if (addressed) return addressed;
  }
  return null;
}

/** Chooses the next speaker's name; `random` returns [0, 1). Never the last AI speaker while there is another, unless a viewer asks for it. */
export function chooseSpeaker(mode: TurnMode, personas: Candidate[], history: Turn[], random: () => number): string {
  if (personas.length === 0) throw new Error('A room needs personas.');
  const askedFor = addressedByViewer(personas, history);
  if (askedFor) return askedFor;

  const aiTurns = history.filter((turn) => turn.senderType === 'ai');
  const lastSpeaker = aiTurns.at(-1)?.persona ?? null;
  const others = personas.length > 1 ? personas.filter((persona) => persona.name !== lastSpeaker) : personas;
  const waits = new Map(personas.map((persona) => [persona.name, waitOf(persona.name, aiTurns)]));
  const overdue = others.filter((persona) => waits.get(persona.name)! >= maxWait(personas.length) - 1);
  if (overdue.length > 0)
    return overdue.reduce((longest, persona) =>
      waits.get(persona.name)! > waits.get(longest.name)! ? persona : longest,
    ).name;

  switch (mode) {
    case 'sequential':
      return sequentialNext(personas, aiTurns);
    case 'random':
      return weightedPick(
        others,
        others.map((persona) => catchUp(persona, personas, aiTurns)),
        random,
      ).name;
    case 'context-aware': {
      const handedTo = handOff(personas, aiTurns);
      if (
        handedTo &&
        others.some((persona) => persona.name === handedTo) &&
        catchUp(personas.find((persona) => persona.name === handedTo)!, personas, aiTurns) >= 0.5
      ) {
        return handedTo;
      }
      const weights = others.map((persona) => (1 + waits.get(persona.name)!) * catchUp(persona, personas, aiTurns));
      return weightedPick(others, weights, random).name;
    }
  }
}

/**
 * Round the table from the last speaker in the order; a turn that answered a
 * viewer out of order (the viewer addressed that persona) does not move it.
 */
function sequentialNext(personas: Candidate[], aiTurns: Turn[]): string {
  const after = (name: string | null) =>
    personas[(personas.findIndex((persona) => persona.name === name) + 1) % personas.length]!.name;
  let cursor: string | null = null;
  for (const turn of aiTurns) if (turn.persona === after(cursor) || !turn.metadata?.replyTo) cursor = turn.persona;
  return after(cursor);
}

/** The persona the last AI message hands over to, unless that would only bounce the floor back to the one it answered. */
function handOff(personas: Candidate[], aiTurns: Turn[]): string | null {
  const last = aiTurns.at(-1);
  if (!last) return null;
  const named = addressedPersona(last.content, personas, last.persona, 'last');
  return named !== null && named !== aiTurns.at(-2)?.persona ? named : null;
}

/**
 * How much a persona is owed: its fair share over its actual share of the
 * recent AI turns, squared and bounded (0.25..4), times its fair share.
 */
function catchUp(persona: Candidate, personas: Candidate[], aiTurns: Turn[]): number {
  const share = fairShares(personas).get(persona.name)!;
  const window = aiTurns.slice(-6 * personas.length);
  const expected = window.length * share;
  const actual = window.filter((turn) => turn.persona === persona.name).length;
  const owed = Math.min(4, Math.max(0.25, ((expected + 1) / (actual + 1)) ** 2));
  return share * owed * personas.length;
}

/** AI turns since the persona last spoke; as many as there were when it never has. */
function waitOf(name: string, aiTurns: Turn[]): number {
  const last = aiTurns.findLastIndex((turn) => turn.persona === name);
  return last === -1 ? aiTurns.length : aiTurns.length - 1 - last;
}

function weightedPick<T>(items: T[], weights: number[], random: () => number): T {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  let point = random() * total;
  for (const [index, item] of items.entries()) {
    point -= weights[index]!;
    if (point < 0) return item;
  }
  return items.at(-1)!;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
