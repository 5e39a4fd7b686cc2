import { describe, expect, it } from 'vitest';
import { SEED_PERSONAS } from '../personas/seed.ts';
import { voteCandidates, voteResult } from './next-speaker-vote.ts';

const personas = SEED_PERSONAS.map(({ name, displayName, traits, style }) => ({ name, displayName, traits, style }));

describe('the vote on who speaks next, pure', () => {
  it('opens among everyone but the last speaker, only in a vote room with something to choose', () => {
    expect(voteCandidates({ voteNext: true, personas }, 'philosopher', [])).toEqual(['comedian', 'scientist']);
    expect(voteCandidates({ voteNext: false, personas }, 'philosopher', [])).toBeNull();
    expect(voteCandidates({ personas }, 'philosopher', [])).toBeNull();
    expect(voteCandidates({ voteNext: true, personas: personas.slice(0, 2) }, 'philosopher', [])).toBeNull();
  });

  it('opens none while a viewer’s unanswered interjection names a persona (that one answers next)', () => {
    const asked = { senderType: 'user' as const, persona: null, content: 'What says the Scientist?' };
    expect(voteCandidates({ voteNext: true, personas }, 'philosopher', [asked])).toBeNull();
    const answered = { senderType: 'ai' as const, persona: 'scientist', content: 'It says yes.' };
    expect(voteCandidates({ voteNext: true, personas }, 'scientist', [asked, answered])).toEqual([
      'philosopher',
      'comedian',
    ]);
  });

  it('gives the turn to the one persona with the most votes; a tie or no votes to the mode', () => {
    expect(voteResult({ comedian: 2, scientist: 5 })).toEqual({ winner: 'scientist', decidedBy: 'votes' });
    expect(voteResult({ comedian: 1 })).toEqual({ winner: 'comedian', decidedBy: 'votes' });
    expect(voteResult({ comedian: 3, scientist: 3, philosopher: 1 })).toEqual({ winner: null, decidedBy: 'mode' });
    expect(voteResult({})).toEqual({ winner: null, decidedBy: 'mode' });
  });
});
