// The storyboard is read once, at start: edited, deleted or replaced by a FIFO while the shots render, the run still
// finishes them, and report.json names the hash of the bytes it actually ran (not of whatever is there at the end).
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import { explain, paidPerPrompt, simEnv, startCli, storyboardYaml, type Workspace, useSimAndWorkspace } from '../support/run-harness.js';

const exec = promisify(execFile);

const changes = {
  edited: (path: string) => writeFile(path, 'version: 1\nname: other\nshots:\n  - {id: x, prompt: "a different storyboard"}\n'),
  deleted: (path: string) => rm(path),
  'replaced by a FIFO': async (path: string) => {
    await rm(path);
    await exec('mkfifo', [path]);
  },
} as const;

describe('the storyboard changes while the run is under way', () => {
  let sim: Simulator;
  let ws: Workspace;

  useSimAndWorkspace({ timeScale: 0.05, seed: 12, rpm: 10_000 }, 'render-sbchange-', (s, w) => {
    sim = s;
    ws = w;
  });

  for (const [how, change] of Object.entries(changes)) {
    it(`${how}: the shots finish and the report's hash is that of the bytes read at start`, async () => {
      const tag = how.replace(/\W+/g, '-');
      const shots = [
        { id: 'dune', prompt: `sb change ${tag}: wind over a dune` },
        { id: 'camel', prompt: `sb change ${tag}: a camel caravan at dusk` },
      ];
      const file = `${tag}.yaml`;
      const yaml = storyboardYaml({ name: tag, shots, concurrency: 2, rpm: 1000 });
      await ws.write(file, yaml);
      const run = startCli([file, '--base-url', sim.baseURL], { cwd: ws.dir, env: simEnv(sim), timeoutMs: 60_000 });
      await run.waitFor(/job video_\w+ created/);
      await change(join(ws.dir, file));
      const result = await run.done;
      expect(result.code, explain(result)).toBe(0);
      expect(result.stderr).not.toMatch(/internal error/);
      const report = JSON.parse(await readFile(join(ws.dir, 'out', tag, 'report.json'), 'utf8')) as { outcome: string; storyboard: { sha256: string; name: string } };
      expect(report.outcome).toBe('completed');
      expect(report.storyboard.name).toBe(tag);
      expect(report.storyboard.sha256).toBe(createHash('sha256').update(yaml).digest('hex'));
      expect(paidPerPrompt(sim.stats(), shots.map((s) => s.prompt))).toEqual(Object.fromEntries(shots.map((s) => [s.prompt, 1])));
    });
  }
});
