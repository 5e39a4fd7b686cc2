import { describe, expect, it } from 'vitest';
import { spendDecision, withWarning, type SpendCheck } from './spend-guard.ts';

const now = new Date('2026-12-01T12:00:00Z');
const near: SpendCheck = { limit: 'daily', level: 'warning', spentUsd: 4.123456789, limitUsd: 5 };

describe('spendDecision', () => {
  it("answers go, a warning once per limit and day, or stop with the Moderator's words", () => {
    expect(spendDecision(null, [], now)).toEqual({ kind: 'go' });
    const warning = spendDecision(near, [], now);
    expect(warning).toEqual({
      kind: 'warn',
      key: 'daily:2026-12-01',
      fields: { limit: 'daily', spentUsd: 4.12345679, limitUsd: 5 },
    });
    expect(spendDecision(near, withWarning([], 'daily:2026-12-01'), now)).toEqual({ kind: 'go' });
    expect(spendDecision(near, ['daily:2026-11-30'], now)).toMatchObject({ kind: 'warn' });
    const stop = spendDecision({ limit: 'conversation', level: 'exceeded', spentUsd: 0.31, limitUsd: 0.3 }, [], now);
    expect(stop).toMatchObject({
      kind: 'stop',
      message: expect.stringMatching(/^This conversation's spend limit of \$0\.30 is reached/),
    });
  });

  it('keeps the last warnings only', () => {
    const many = Array.from({ length: 15 }, (_, day) => `daily:${day}`);
    expect(withWarning(many, 'new')).toHaveLength(11);
  });
});
