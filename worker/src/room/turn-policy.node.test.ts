import { describe, expect, it } from 'vitest';
import { SEED_PERSONAS } from '../personas/seed.ts';
import { addressedPersona, chooseSpeaker, talkativeness, type Turn } from './turn-policy.ts';

const personas = SEED_PERSONAS.map(({ name, displayName, traits, style }) => ({ name, displayName, traits, style }));
const said = (persona: string, content = 'Indeed.'): Turn => ({ senderType: 'ai', persona, content });
const viewer = (content: string): Turn => ({ senderType: 'user', persona: null, content });

/** A seeded generator, so the draws are spread but repeatable. */
function seeded(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

describe('choosing the next speaker', () => {
  it('goes round the table in sequential mode, starting with the first persona', () => {
    expect(chooseSpeaker('sequential', personas, [], Math.random)).toBe('philosopher');
    expect(chooseSpeaker('sequential', personas, [said('philosopher')], Math.random)).toBe('comedian');
    expect(chooseSpeaker('sequential', personas, [said('comedian'), said('scientist')], Math.random)).toBe('philosopher');
    expect(chooseSpeaker('sequential', personas, [said('comedian'), viewer('Hello all!')], Math.random)).toBe('scientist');
  });

  it('never picks the last speaker in random mode, and picks each of the others', () => {
    const random = seeded(7);
    const picks = new Set<string>();
    for (let draw = 0; draw < 200; draw++) {
      const pick = chooseSpeaker('random', personas, [said('comedian')], random);
      expect(pick).not.toBe('comedian');
      picks.add(pick);
    }
    expect([...picks].sort()).toEqual(['philosopher', 'scientist']);
  });

  it('lets a persona addressed by name answer in context-aware mode', () => {
    expect(chooseSpeaker('context-aware', personas, [said('philosopher', 'What say you, Scientist?')], () => 0)).toBe('scientist');
    expect(chooseSpeaker('context-aware', personas, [said('philosopher'), viewer('Comedian, make me laugh')], () => 0)).toBe('comedian');
    expect(chooseSpeaker('context-aware', personas, [said('scientist'), viewer('Over to the comedian, then.')], () => 0.99)).toBe('comedian');
  });

  it('lets the last speaker answer a viewer who addresses it, but not itself', () => {
    expect(chooseSpeaker('context-aware', personas, [said('comedian'), viewer('Comedian, again!')], () => 0)).toBe('comedian');
    expect(chooseSpeaker('context-aware', personas, [said('comedian', 'As a comedian I say...')], () => 0)).not.toBe('comedian');
  });

  it('otherwise favours whoever has been quiet longest, and the talkative', () => {
    const plain = ['ann', 'bob', 'cat'].map((name) => ({ name, displayName: name.toUpperCase(), traits: [], style: 'plain' }));
    const history = [said('cat'), said('ann'), said('bob'), said('ann'), said('bob')];
    const random = seeded(11);
    const counts: Record<string, number> = { ann: 0, bob: 0, cat: 0 };
    for (let draw = 0; draw < 400; draw++) counts[chooseSpeaker('context-aware', plain, history, random)]! += 1;
    expect(counts.bob).toBe(0);
    expect(counts.cat).toBeGreaterThan(counts.ann! * 1.5);
    const chatty = plain.map((persona) => (persona.name === 'ann' ? { ...persona, traits: ['witty', 'playful', 'talkative', 'curious'] } : persona));
    const chattyCounts: Record<string, number> = { ann: 0, bob: 0, cat: 0 };
    for (let draw = 0; draw < 400; draw++) chattyCounts[chooseSpeaker('context-aware', chatty, history, random)]! += 1;
    expect(chattyCounts.ann).toBeGreaterThan(counts.ann!);
  });

  it('rates talkative personas above reserved ones', () => {
    const [philosopher, comedian, scientist] = personas;
    expect(talkativeness(comedian!)).toBe(2);
    expect(talkativeness(philosopher!)).toBe(1);
    expect(talkativeness(scientist!)).toBe(0.5);
  });

  it('finds names as whole words only, whichever is named first', () => {
    expect(addressedPersona('A scientific question', personas, null)).toBeNull();
    expect(addressedPersona('The Philosopher and the Comedian disagree', personas, null)).toBe('philosopher');
    expect(addressedPersona('Ask THE SCIENTIST', personas, null)).toBe('scientist');
  });
});
