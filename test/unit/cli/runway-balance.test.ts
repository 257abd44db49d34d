// `render plan`'s Runway balance line, against the simulator's Runway face (a real HTTP server). Until storyboards
// can name Runway shots, the plan's shots are given here directly: this is the path plan.ts calls, minus the storyboard.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runwayBalanceLine } from '../../../src/cli/commands/runway-balance.js';
import type { BalanceShot } from '../../../src/plan/balance.js';
import { startSimulator, type Simulator } from '../../../src/sim/index.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ timeScale: 0, runway: { credits: 1_000 } }); // $10.00
});
afterAll(() => sim.close());

const signal = new AbortController().signal;
const env = () => ({ RUNWAYML_API_SECRET: sim.apiKey, RENDER_RUNWAY_BASE_URL: sim.runwayBaseURL });
const runway = (id: string, costMicroUsd: number, retries = 0): BalanceShot => ({ id, provider: 'runway', costMicroUsd, retries });
const organizationReads = () => sim.stats().requests.log.filter((e) => e.route === 'runway.organization').length;

describe('runwayBalanceLine', () => {
  it('warns when the worst case passes the balance', async () => {
    const line = await runwayBalanceLine([runway('a', 4_000_000, 2)], undefined, { env: env(), signal });
    expect(line).toMatch(/^render: warning: the Runway credit balance \(\$10\.00\) is \$2\.00 short of .* \(\$12\.00, every retry paid\)/);
    expect(line).toContain('hint: ');
    expect(line).not.toContain(sim.apiKey);
  });

  it('says nothing when the balance covers it, or when the cache already holds the shot', async () => {
    expect(await runwayBalanceLine([runway('a', 4_000_000, 1)], undefined, { env: env(), signal })).toBeUndefined();
    const cache = new Map([['a', { status: 'hit' as const, why: '', costMicroUsd: 0 }]]);
    expect(await runwayBalanceLine([runway('a', 40_000_000, 1)], cache, { env: env(), signal })).toBeUndefined();
  });

  it('reads nothing without the key or without Runway shots', async () => {
    const before = organizationReads();
    expect(await runwayBalanceLine([runway('a', 40_000_000)], undefined, { env: { RENDER_RUNWAY_BASE_URL: sim.runwayBaseURL }, signal })).toBeUndefined();
    expect(await runwayBalanceLine([{ id: 'b', provider: 'fal', costMicroUsd: 40_000_000, retries: 0 }], undefined, { env: env(), signal })).toBeUndefined();
    expect(organizationReads()).toBe(before);
  });

  it('a balance that cannot be read is a note, not a failure, and never shows the key', async () => {
    const wrongKey = `key_${'cd'.repeat(64)}`;
    const line = await runwayBalanceLine([runway('a', 1)], undefined, { env: { ...env(), RUNWAYML_API_SECRET: wrongKey }, signal });
    expect(line).toMatch(/^render: note: the Runway credit balance could not be read \(Runway: Invalid API key\)/);
    expect(line).not.toContain(wrongKey);
  });
});
