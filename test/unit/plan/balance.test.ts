// The balance check is pure: the Runway shots' worst case (every attempt paid, cached shots free) against the balance.
import { describe, expect, it } from 'vitest';
import { balanceWarning, runwayWorstCaseMicro, type BalanceShot } from '../../../src/plan/balance.js';

const shot = (id: string, provider: string | undefined, costMicroUsd: number, retries = 0): BalanceShot => ({ id, provider, costMicroUsd, retries });

describe('runwayWorstCaseMicro', () => {
  it('counts only Runway shots, each times every attempt it may make', () => {
    const shots = [shot('a', 'runway', 500_000, 2), shot('b', 'runway', 250_000), shot('c', 'fal', 9_000_000, 3), shot('d', undefined, 7_000_000)];
    expect(runwayWorstCaseMicro(shots)).toBe(500_000 * 3 + 250_000);
  });

  it('uses what is left to pay per shot when given (a cached shot costs nothing)', () => {
    const shots = [shot('a', 'runway', 500_000, 1), shot('b', 'runway', 250_000, 1)];
    expect(runwayWorstCaseMicro(shots, (s) => (s.id === 'a' ? 0 : s.costMicroUsd))).toBe(500_000);
  });

  it('is 0 for a plan without Runway shots', () => {
    expect(runwayWorstCaseMicro([shot('a', 'openai', 1_000_000)])).toBe(0);
  });
});

describe('balanceWarning', () => {
  it('says nothing when the balance covers the worst case, exactly or with room', () => {
    expect(balanceWarning(1_000_000, 1_000_000)).toBeUndefined();
    expect(balanceWarning(0, 0)).toBeUndefined();
    expect(balanceWarning(999_999, 1_000_000)).toBeUndefined();
  });

  it('names the balance, the shortfall and the worst case in dollars when the balance is short', () => {
    expect(balanceWarning(12_500_000, 10_000_000)).toBe(
      "the Runway credit balance ($10.00) is $2.50 short of this plan's worst case for its Runway shots ($12.50, every retry paid); Runway refuses a task it cannot pay for, so the run may stop with shots unmade",
    );
    expect(balanceWarning(1, 0)).toContain('$0.0000 short');
  });
});
