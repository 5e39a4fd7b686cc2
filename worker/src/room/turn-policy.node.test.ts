import { describe, expect, it } from 'vitest';
import { SEED_PERSONAS } from '../personas/seed.ts';
import { TURN_MODES } from './contract.ts';
import {
  addressedPersona,
  chooseSpeaker,
  fairShares,
  maxWait,
  talkativeness,
  type Candidate,
  type Turn,
} from './turn-policy.ts';

const personas = SEED_PERSONAS.map(({ name, displayName, traits, style }) => ({ name, displayName, traits, style }));
const said = (persona: string, content = 'Indeed.'): Turn => ({ senderType: 'ai', persona, content });
const viewer = (content: string, id?: string): Turn => ({ id, senderType: 'user', persona: null, content });
const answering = (persona: string, interjection: string): Turn => ({
  senderType: 'ai',
  persona,
  content: 'Thank you.',
  metadata: { replyTo: interjection },
});
const plainCast = ['ann', 'bob', 'cat', 'dan'].map((name) => ({
  name,
  displayName: name.toUpperCase(),
  traits: [],
  style: 'plain',
}));

/** 90 turns of a room in `mode`, each message written by `write`; the speakers' counts and the longest wait. */
function simulate(
  mode: (typeof TURN_MODES)[number],
  cast: Candidate[],
  write: (speaker: string, history: Turn[]) => string,
  seed: number,
) {
  const random = seeded(seed);
  const history: Turn[] = [];
  const counts = new Map(cast.map((persona) => [persona.name, 0]));
  const lastTurn = new Map<string, number>();
  let longestWait = 0;
  for (let turn = 0; turn < 90; turn++) {
    const speaker = chooseSpeaker(mode, cast, history.slice(-30), random);
    counts.set(speaker, counts.get(speaker)! + 1);
    longestWait = Math.max(longestWait, turn - (lastTurn.get(speaker) ?? -1) - 1);
    lastTurn.set(speaker, turn);
    history.push(said(speaker, write(speaker, history)));
  }
  for (const persona of cast) longestWait = Math.max(longestWait, 90 - (lastTurn.get(persona.name) ?? -1) - 1);
  return { counts, longestWait };
}

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
    expect(chooseSpeaker('sequential', personas, [said('comedian'), said('scientist')], Math.random)).toBe(
      'philosopher',
    );
    expect(chooseSpeaker('sequential', personas, [said('comedian'), viewer('Hello all!')], Math.random)).toBe(
      'scientist',
    );
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

  it('gives everyone 60-150% of a fair share over 90 turns, and nobody waits more than twice the number of personas, in every mode', () => {
    const casts: Candidate[][] = [personas, [...personas, plainCast[0]!], plainCast.slice(0, 2)];
    const writers: Record<string, (speaker: string, history: Turn[], cast: Candidate[]) => string> = {
      plain: () => 'Indeed.',
      'everyone hands over to the same persona': (_speaker, _history, cast) => `Over to you, ${cast[1]!.displayName}.`,
      'each answers the previous speaker by name': (_speaker, history, cast) => {
        const previous = cast.find((persona) => persona.name === history.at(-1)?.persona);
        return previous ? `${previous.displayName}, I disagree.` : 'Hello.';
      },
    };
    for (const mode of TURN_MODES) {
      for (const cast of casts) {
        const shares = fairShares(cast);
        for (const [name, write] of Object.entries(writers)) {
          for (const seed of [1, 2, 3]) {
            const { counts, longestWait } = simulate(
              mode,
              cast,
              (speaker, history) => write(speaker, history, cast),
              seed,
            );
            const where = `${mode}, ${cast.length} personas, ${name}, seed ${seed}`;
            expect(longestWait, where).toBeLessThanOrEqual(maxWait(cast.length));
            for (const persona of cast) {
              const ratio = counts.get(persona.name)! / 90 / shares.get(persona.name)!;
              expect(ratio, `${where}: ${persona.name}`).toBeGreaterThanOrEqual(0.6);
              expect(ratio, `${where}: ${persona.name}`).toBeLessThanOrEqual(1.5);
            }
          }
        }
      }
    }
  });

  it('lets a persona a viewer addresses by name answer next in every mode, once, then sequential order resumes', () => {
    for (const mode of TURN_MODES) {
      const history = [said('philosopher'), said('comedian'), viewer('Philosopher, what do you make of that?', 'v1')];
      for (const draw of [0, 0.5, 0.99])
        expect(
          chooseSpeaker(mode, personas, history, () => draw),
          mode,
        ).toBe('philosopher');
      const answered = [...history, answering('philosopher', 'v1')];
      expect(
        chooseSpeaker(mode, personas, answered, () => 0.5),
        mode,
      ).not.toBe('philosopher');
    }
    const interrupted = [said('philosopher'), viewer('Scientist, you first.', 'v2'), answering('scientist', 'v2')];
    expect(chooseSpeaker('sequential', personas, interrupted, Math.random)).toBe('comedian');
    expect(chooseSpeaker('sequential', personas, [...interrupted, said('comedian')], Math.random)).toBe('scientist');
    expect(
      chooseSpeaker('sequential', personas, [...interrupted, said('comedian'), said('scientist')], Math.random),
    ).toBe('philosopher');
  });

  it('lets an interjection made while another persona was speaking still reach the persona it addressed', () => {
    const history = [said('philosopher'), viewer('Scientist, a question for you.', 'v3'), said('comedian')];
    for (const mode of TURN_MODES)
      expect(
        chooseSpeaker(mode, personas, history, () => 0),
        mode,
      ).toBe('scientist');
  });

  it('lets a persona addressed by name answer in context-aware mode', () => {
    expect(chooseSpeaker('context-aware', personas, [said('philosopher', 'What say you, Scientist?')], () => 0)).toBe(
      'scientist',
    );
    expect(
      chooseSpeaker('context-aware', personas, [said('philosopher'), viewer('Comedian, make me laugh')], () => 0),
    ).toBe('comedian');
    expect(
      chooseSpeaker('context-aware', personas, [said('scientist'), viewer('Over to the comedian, then.')], () => 0.99),
    ).toBe('comedian');
  });

  it('lets the last speaker answer a viewer who addresses it, but not itself', () => {
    expect(chooseSpeaker('context-aware', personas, [said('comedian'), viewer('Comedian, again!')], () => 0)).toBe(
      'comedian',
    );
    expect(chooseSpeaker('context-aware', personas, [said('comedian', 'As a comedian I say...')], () => 0)).not.toBe(
      'comedian',
    );
  });

  it('otherwise favours whoever has been quiet longest, and the talkative', () => {
    const plain = ['ann', 'bob', 'cat'].map((name) => ({
      name,
      displayName: name.toUpperCase(),
      traits: [],
      style: 'plain',
    }));
    const history = [said('cat'), said('ann'), said('bob'), said('ann'), said('bob')];
    const random = seeded(11);
    const counts: Record<string, number> = { ann: 0, bob: 0, cat: 0 };
    for (let draw = 0; draw < 400; draw++) counts[chooseSpeaker('context-aware', plain, history, random)]! += 1;
    expect(counts.bob).toBe(0);
    expect(counts.cat).toBeGreaterThan(counts.ann! * 1.5);
    const chatty = plain.map((persona) =>
      persona.name === 'ann' ? { ...persona, traits: ['witty', 'playful', 'talkative', 'curious'] } : persona,
    );
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

  it("finds names as whole words only, the first named in a viewer's words, the last in a persona's hand-over", () => {
    expect(addressedPersona('A scientific question', personas, null)).toBeNull();
    expect(addressedPersona('The Philosopher and the Comedian disagree', personas, null)).toBe('philosopher');
    expect(addressedPersona('Ask THE SCIENTIST', personas, null)).toBe('scientist');
    expect(addressedPersona('Philosopher, you are wrong. Comedian, your turn.', personas, 'scientist', 'last')).toBe(
      'comedian',
    );
  });

  it('weighs fair shares by talkativeness without letting it dominate', () => {
    const shares = fairShares(personas);
    expect([...shares.values()].reduce((sum, share) => sum + share, 0)).toBeCloseTo(1);
    expect(shares.get('comedian')! / shares.get('scientist')!).toBeCloseTo(Math.cbrt(4));
  });
});
