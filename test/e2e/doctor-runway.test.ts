// `render doctor` reading the Runway account through the built binary, against the simulator's Runway face: balance
// in credits and dollars, tier, per-model limits; one clear line (exit unchanged) when it cannot be read; the key never shown.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unusedLoopbackPort } from '../support/ports.js';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { runCli } from '../support/cli.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ timeScale: 0, runway: { tier: 3, credits: 2_345, limits: { 'gen4.5': { maxConcurrentGenerations: 7, maxDailyGenerations: null } } } });
});
afterAll(() => sim.close());

const runwayEnv = (extra: Record<string, string | undefined> = {}) => ({ RUNWAYML_API_SECRET: sim.apiKey, RENDER_RUNWAY_BASE_URL: sim.runwayBaseURL, ...extra });

describe('render doctor: the Runway account', () => {
  it('prints the balance in credits and dollars, the tier and every model\'s limits, from GET /v1/organization', async () => {
    const before = sim.stats().requests.log.filter((e) => e.route === 'runway.organization').length;
    const result = await runCli(['doctor'], { env: runwayEnv() });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('All checks passed');
    expect(result.stdout).toContain(`Runway   2345 credits ($23.45), tier 3 (monthly cap 200000 credits) at ${sim.runwayBaseURL}`);
    expect(result.stdout).toMatch(/^ {2}model +concurrent +daily +used today$/m);
    expect(result.stdout).toMatch(/^ {2}gen4\.5 +7 +unlimited +0$/m);
    expect(result.stdout).toMatch(/^ {2}gen4_turbo +5 +1000 +0$/m);
    expect(result.stdout).not.toContain(sim.apiKey);
    expect(sim.stats().requests.log.filter((e) => e.route === 'runway.organization').length).toBe(before + 1);
  });

  it('puts the account under "runway" in --json', async () => {
    const result = await runCli(['doctor', '--json'], { env: runwayEnv() });
    const report = JSON.parse(result.stdout) as { ok: boolean; runway: { state: string; organization: { creditBalance: number; creditBalanceMicroUsd: number; tier: number } } };
    expect(result.code).toBe(0);
    expect(report.runway).toMatchObject({ state: 'ok', organization: { creditBalance: 2_345, creditBalanceMicroUsd: 23_450_000, tier: 3 } });
  });

  it('says how to enable the check when RUNWAYML_API_SECRET is not set, and reads nothing', async () => {
    const before = sim.stats().requests.total;
    const result = await runCli(['doctor'], { env: { RUNWAYML_API_SECRET: undefined, RENDER_RUNWAY_BASE_URL: sim.runwayBaseURL } });
    expect(result.code).toBe(0);
    expect(result.stdout.match(/^Runway .*$/gm)).toEqual(['Runway   not checked: set RUNWAYML_API_SECRET to see the credit balance, usage tier and per-model limits.']);
    expect(sim.stats().requests.total).toBe(before);
  });

  it('a refused key is one line with a hint, exit still 0, the key not printed, no stack trace', async () => {
    const wrongKey = `key_${'ab'.repeat(64)}`;
    const result = await runCli(['doctor'], { env: runwayEnv({ RUNWAYML_API_SECRET: wrongKey }) });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Runway {3}account could not be read at http:\/\/127\.0\.0\.1:\d+\/runway: Runway: Invalid API key$/m);
    expect(result.stdout).toContain('hint: check RUNWAYML_API_SECRET and RENDER_RUNWAY_BASE_URL');
    expect(result.stdout + result.stderr).not.toContain(wrongKey);
    expect(result.stdout + result.stderr).not.toMatch(/^\s+at /m);
  });

  it('an unreachable API is one line, not a crash', async () => {
    const url = `http://127.0.0.1:${await unusedLoopbackPort()}/runway`;
    const result = await runCli(['doctor'], { env: runwayEnv({ RENDER_RUNWAY_BASE_URL: url }) });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Runway   account could not be read at ${url}: `);
    expect(result.stdout + result.stderr).not.toContain(sim.apiKey);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('a base URL that is not a URL is named, and nothing is sent', async () => {
    const result = await runCli(['doctor'], { env: runwayEnv({ RENDER_RUNWAY_BASE_URL: 'not a url' }) });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Runway   account could not be read: RENDER_RUNWAY_BASE_URL 'not a url' is not a valid URL");
  });
});
