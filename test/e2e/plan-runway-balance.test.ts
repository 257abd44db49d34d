// `render plan` through the built binary with Runway shots, against the simulator's Runway face: the organization's
// credit balance below the plan's worst case (every retry paid) prints one warning on stderr, the plan itself is
// unchanged (exit 0); a balance that covers it prints nothing. The key is never shown.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { runCli } from '../support/cli.js';
import { mixStoryboardYaml } from '../support/provider-mix.js';
import { makeWorkspace, type Workspace } from '../support/run-harness.js';

// A plan is a second or two, but up to six test suites share two cores.
const slow = 120_000;
let low: Simulator;
let rich: Simulator;
let ws: Workspace;
beforeAll(async () => {
  [low, rich] = await Promise.all([startSimulator({ timeScale: 0, runway: { credits: 50 } }), startSimulator({ timeScale: 0, runway: { credits: 1_000_000 } })]);
  ws = await makeWorkspace('render-plan-balance-');
  const shot = (id: string, prompt: string) => ({ id, provider: 'runway' as const, model: 'gen4.5', seconds: 5, prompt });
  await ws.write('storyboard.yaml', mixStoryboardYaml({ name: 'balance', shots: [shot('a', 'a lighthouse in fog'), shot('b', 'waves on rocks')], cut: false }));
});
afterAll(async () => {
  await Promise.all([low?.close(), rich?.close(), ws?.cleanup()]);
});

const plan = (sim: Simulator) =>
  runCli(['plan', 'storyboard.yaml'], { cwd: ws.dir, env: { RUNWAYML_API_SECRET: sim.apiKey, RENDER_RUNWAY_BASE_URL: sim.runwayBaseURL, OPENAI_API_KEY: undefined } });

describe('render plan: the Runway credit balance', () => {
  it('warns when the balance is below the worst case of the Runway shots', async () => {
    const result = await plan(low);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/^render: warning: the Runway credit balance \(\$0\.50\) is \$[\d.]+ short of this plan's worst case for its Runway shots \(\$[\d.]+, every retry paid\)/m);
    expect(result.stdout).toContain('gen4.5');
    expect(result.stdout + result.stderr).not.toContain(low.apiKey);
  }, slow);

  it('says nothing of the balance when it covers the plan', async () => {
    const result = await plan(rich);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toContain('credit balance');
  }, slow);
});
