// The reported repro, through the built CLI: four creates processed and billed whose answers are lost (502 after
// processing), against a job list that lags, with a $0.40 cap for one $0.40 shot. The first run must not pay again:
// it ends with the outcome unknown and $0.40 shown as possibly billed (terminal, --json and report.json agree); the
// second run adopts the job. One job is billed over both runs, and the reports add up to exactly that.
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import { explain, readReport, runRender, simEnv, storyboardYaml, useSimAndWorkspace, type Workspace } from '../support/run-harness.js';

describe('render after a create whose answer was lost, with a lagging job list', () => {
  let sim: Simulator;
  let ws: Workspace;
  useSimAndWorkspace({ timeScale: 0.01, seed: 3, rpm: 10_000 }, 'render-unknown-', (s, w) => {
    sim = s;
    ws = w;
  });

  it('holds the money as possibly billed, never re-sends, and the next run adopts the job: one job billed in all', async () => {
    const lagMs = 4_000;
    sim.faults.set({ listLagMs: lagMs });
    sim.faults.script('create', Array.from({ length: 4 }, () => ({ status: 502, afterProcessing: true })));
    await ws.write('storyboard.yaml', storyboardYaml({ name: 'lost', shots: [{ id: 'solo', prompt: 'lost answer: a lighthouse in fog' }], maxUsd: 0.4 }));
    const args = ['storyboard.yaml', '--base-url', sim.baseURL, '--json'];
    const outDir = join(ws.dir, 'out', 'lost');

    const first = await runRender([...args, '--reconcile-window', '1'], { cwd: ws.dir, env: simEnv(sim) });
    expect(first.code, explain(first)).toBe(1);
    expect(sim.stats().billed.jobs).toBe(1);
    const events = first.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const summary = events.at(-1)!;
    expect(summary).toMatchObject({ type: 'summary', spentMicroUsd: 0, possiblyBilledMicroUsd: 400_000 });
    expect(events.find((e) => e.type === 'shot-failed')).toMatchObject({ code: 'UNKNOWN_OUTCOME' });
    const firstReport = await readReport(outDir);
    expect(firstReport.totals).toMatchObject({ spent: { microUsd: 0 }, possiblyBilled: { microUsd: 400_000 }, reserved: { microUsd: 400_000 } });
    expect(firstReport.shots[0]!.error?.code).toBe('UNKNOWN_OUTCOME');
    const plain = await runRender(['resolve', 'storyboard.yaml'], { cwd: ws.dir, env: simEnv(sim) });
    expect(plain.stdout).toMatch(/solo .*\$0\.40 possibly billed/);
    // The plan does not price it again: `render` would not pay for it (its money is already counted).
    const plan = await runRender(['plan', 'storyboard.yaml', '--base-url', sim.baseURL, '--json'], { cwd: ws.dir, env: simEnv(sim) });
    expect(plan.stdout).toMatch(/possibly billed \(render resolve\)/);
    expect(JSON.parse(plan.stdout)).toMatchObject({ toPayMicroUsd: 0 });

    await delay(lagMs);
    sim.faults.set({ listLagMs: 0 });
    const second = await runRender(['storyboard.yaml', '--base-url', sim.baseURL], { cwd: ws.dir, env: simEnv(sim, { CI: '1' }) });
    expect(second.code, explain(second)).toBe(0);
    expect(second.stderr + second.stdout).toMatch(/spent \$0\.00.*\$0\.40 paid by earlier runs, not spent again/);
    expect(sim.stats().billed.jobs).toBe(1);
    const secondReport = await readReport(outDir);
    expect(secondReport.totals).toMatchObject({ spent: { microUsd: 0 }, earlierRuns: { microUsd: 400_000 }, possiblyBilled: { microUsd: 0 } });
    const counted = [firstReport, secondReport].reduce((sum, r) => sum + r.totals.spent.microUsd + r.totals.possiblyBilled.microUsd, 0);
    expect(counted).toBe(sim.stats().billed.microUsd);

    // A third run is all cache: nothing spent, nothing counted twice.
    const third = await runRender(['storyboard.yaml', '--base-url', sim.baseURL], { cwd: ws.dir, env: simEnv(sim) });
    expect(third.code, explain(third)).toBe(0);
    expect((await readReport(outDir)).totals).toMatchObject({ spent: { microUsd: 0 }, earlierRuns: { microUsd: 0 }, possiblyBilled: { microUsd: 0 } });
    expect(sim.stats().billed.jobs).toBe(1);
  });
});
