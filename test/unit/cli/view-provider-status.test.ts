// What a shot's row says while the provider holds the job back, and the summary line when providers reported charges.
import { describe, expect, it } from 'vitest';
import { describeEvent, describeSummary, progressState } from '../../../src/cli/view/describe.js';
import type { RunSummary } from '../../../src/cli/view/view.js';

const throttled = { type: 'progress', shot: 'a', jobId: 'runway:1', status: 'queued', percent: 0, providerStatus: 'THROTTLED', at: 0 } as const;

describe('provider status in rows', () => {
  it('a queued job Runway throttles reads THROTTLED, not queued', () => {
    expect(progressState(throttled)).toBe('THROTTLED');
    expect(describeEvent(throttled)).toBe('THROTTLED 0%');
  });

  it('without a provider word the row says our own state', () => {
    const { providerStatus: _none, ...plain } = throttled;
    expect(progressState({ ...plain, status: 'in_progress', percent: 40 })).toBe('in progress');
  });
});

describe('summary line with provider charges', () => {
  const base: RunSummary = { outcome: 'completed', done: 2, cached: 0, failed: 0, skipped: 0, spentMicroUsd: 480_000, savedMicroUsd: 0, reservedMicroUsd: 0, possiblyBilledMicroUsd: 0, earlierRunsMicroUsd: 0 };

  it('names what the provider charged when it differs from the estimate', () => {
    expect(describeSummary({ ...base, chargedMicroUsd: 480_000, chargedEstimateMicroUsd: 400_000 })).toContain('$0.48 charged by the provider (estimated $0.40)');
  });

  it('says nothing more when the charge is the estimate, or nobody reported one', () => {
    expect(describeSummary({ ...base, chargedMicroUsd: 400_000, chargedEstimateMicroUsd: 400_000 })).not.toContain('charged by the provider');
    expect(describeSummary(base)).not.toContain('charged by the provider');
  });
});
