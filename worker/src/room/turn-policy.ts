/**
 * Who speaks next, pure. Sequential goes round the table; random picks anyone
 * but the last speaker; context-aware lets a persona addressed by name answer,
 * and otherwise favours whoever has been quiet longest and the talkative.
 */
import type { TurnMode } from './contract.ts';

/** A persona as the policy sees it. */
export interface Candidate {
  name: string;
  displayName: string;
  traits: string[];
  style: string;
}

/** A finished message as the policy sees it, oldest first. */
export interface Turn {
  senderType: 'ai' | 'user' | 'system';
  /** The persona's name for AI messages. */
  persona: string | null;
  content: string;
}

const TALKATIVE_TRAITS = new Set(['witty', 'playful', 'spontaneous', 'entertaining', 'talkative', 'energetic', 'curious', 'questioning', 'opinionated']);
const RESERVED_TRAITS = new Set(['thoughtful', 'methodical', 'precise', 'reserved', 'quiet', 'calm', 'shy']);

/** How eager a persona is to speak, 0.5..2: 1 plus a quarter per talkative trait, minus a quarter per reserved one. */
export function talkativeness(persona: Pick<Candidate, 'traits' | 'style'>): number {
  const traits = persona.traits.map((trait) => trait.toLowerCase());
  const talkative = traits.filter((trait) => TALKATIVE_TRAITS.has(trait)).length + (persona.style.toLowerCase() === 'humorous' ? 1 : 0);
  const reserved = traits.filter((trait) => RESERVED_TRAITS.has(trait)).length;
  return Math.min(2, Math.max(0.5, 1 + 0.25 * (talkative - reserved)));
}

/** The names a persona answers to: its name, its display name, and the display name without a leading article. */
function handles(persona: Candidate): string[] {
  const bare = persona.displayName.replace(/^(the|a|an|dr\.?|mr\.?|ms\.?)\s+/i, '');
  return [...new Set([persona.name, persona.displayName, bare].map((handle) => handle.trim()).filter((handle) => handle.length >= 2))];
}

/** The persona `text` addresses by name (the first one named), other than `author`; null when it names none. */
export function addressedPersona(text: string, personas: Candidate[], author: string | null): string | null {
  let best: { name: string; at: number } | null = null;
  for (const persona of personas) {
    if (persona.name === author) continue;
    for (const handle of handles(persona)) {
      const pattern = new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(handle)}(?=$|[^\\p{L}\\p{N}])`, 'iu');
      const match = pattern.exec(text);
      if (match && (best === null || match.index < best.at)) best = { name: persona.name, at: match.index };
    }
  }
  return best?.name ?? null;
}

/** Chooses the next speaker's name; `random` returns [0, 1). Never the last AI speaker while there is another. */
export function chooseSpeaker(mode: TurnMode, personas: Candidate[], history: Turn[], random: () => number): string {
  if (personas.length === 0) throw new Error('A room needs personas.');
  const lastSpeaker = history.findLast((turn) => turn.senderType === 'ai')?.persona ?? null;
  const others = personas.length > 1 ? personas.filter((persona) => persona.name !== lastSpeaker) : personas;
  switch (mode) {
    case 'sequential': {
      const index = personas.findIndex((persona) => persona.name === lastSpeaker);
      return personas[(index + 1) % personas.length]!.name;
    }
    case 'random':
      return others[Math.floor(random() * others.length)]!.name;
    case 'context-aware': {
      const last = history.at(-1);
      const addressed = last ? addressedPersona(last.content, personas, last.persona) : null;
      if (addressed) return addressed;
      const weights = others.map((persona) => (1 + turnsSinceSpoke(persona.name, history, personas.length)) * talkativeness(persona));
      return weightedPick(others, weights, random).name;
    }
  }
}

/** AI turns since the persona last spoke; one more round than everyone else when it never has. */
function turnsSinceSpoke(name: string, history: Turn[], personaCount: number): number {
  const aiTurns = history.filter((turn) => turn.senderType === 'ai');
  const last = aiTurns.findLastIndex((turn) => turn.persona === name);
  return last === -1 ? aiTurns.length + personaCount : aiTurns.length - 1 - last;
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
