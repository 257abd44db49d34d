// `render --json` is for machines: stdout carries newline-delimited JSON only — a `plan` first, the shots' events,
// a `summary` last — in a successful run and in a failing one.
import { describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import { explain, runRender, simEnv, storyboardYaml, useSimAndWorkspace, type ShotSpec, type Workspace } from '../support/run-harness.js';

type Event = { type: string; shot?: string; [key: string]: unknown };

function parseNdjson(stdout: string): Event[] {
  expect(stdout.endsWith('\n'), 'every line ends with a newline').toBe(true);
  return stdout
    .slice(0, -1)
    .split('\n')
    .map((line, i) => {
      try {
        const value = JSON.parse(line) as unknown;
        expect(value !== null && typeof value === 'object' && !Array.isArray(value), `line ${i + 1} is an object`).toBe(true);
        return value as Event;
      } catch (error) {
        throw new Error(`stdout line ${i + 1} is not JSON: ${JSON.stringify(line)} (${(error as Error).message})`);
      }
    });
}

describe('render --json', () => {
  let sim: Simulator;
  let ws: Workspace;

  useSimAndWorkspace({ timeScale: 0.01, seed: 31, rpm: 10_000 }, 'render-json-', (s, w) => {
    sim = s;
    ws = w;
  });

  it('prints only NDJSON on stdout: plan first, shot events, summary last', async () => {
    const shots: ShotSpec[] = [
      { id: 'first', prompt: 'json: a blue door' },
      { id: 'second', prompt: 'json: a yellow bicycle' },
      { id: 'second-b', remixOf: 'second', prompt: 'json: the bicycle in the rain' },
    ];
    await ws.write('storyboard.yaml', storyboardYaml({ name: 'json', shots, rpm: 1000 }));
    const result = await runRender(['storyboard.yaml', '--base-url', sim.baseURL, '--json'], { cwd: ws.dir, env: simEnv(sim) });
    expect(result.code, explain(result)).toBe(0);
    const events = parseNdjson(result.stdout);
    expect(events[0]!.type).toBe('plan');
    expect((events[0]!.shots as Array<{ id: string }>).map((s) => s.id)).toEqual(['first', 'second', 'second-b']);
    expect(events.at(-1)!.type).toBe('summary');
    expect(events.at(-1)).toMatchObject({ outcome: 'completed', done: 3, failed: 0, skipped: 0, spentMicroUsd: 1_200_000 });
    expect(events.filter((e) => e.type === 'plan' || e.type === 'summary')).toHaveLength(2);
    for (const shot of shots) {
      const types = events.filter((e) => e.shot === shot.id).map((e) => e.type);
      expect(types, shot.id).toContain('created');
      expect(types.at(-1), shot.id).toBe('shot-done');
    }
    for (const event of events) expect(typeof event.at, JSON.stringify(event)).toBe('number');
    // Human progress lines belong on stderr, never mixed into stdout.
    expect(result.stdout).not.toMatch(/^\[\d\d:\d\d:\d\d\]/m);
  });

  it('a failing run still prints only NDJSON, ending with the summary', async () => {
    const shots: ShotSpec[] = [
      { id: 'fine', prompt: 'json failing: a green kite' },
      { id: 'blocked', prompt: 'json failing: MODERATION_TEST' },
    ];
    await ws.write('storyboard.yaml', storyboardYaml({ name: 'json-failing', shots, rpm: 1000 }));
    const result = await runRender(['storyboard.yaml', '--base-url', sim.baseURL, '--json'], { cwd: ws.dir, env: simEnv(sim) });
    expect(result.code, explain(result)).toBe(1);
    const events = parseNdjson(result.stdout);
    expect(events[0]!.type).toBe('plan');
    expect(events.at(-1)).toMatchObject({ type: 'summary', failed: 1, done: 1 });
    expect(events.some((e) => e.type === 'shot-failed' && e.shot === 'blocked')).toBe(true);
  });
});
