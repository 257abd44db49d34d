// A base URL with credentials (`user:pass@`) is refused before anything is planned or sent, wherever it comes from:
// the storyboard (`render validate`, with FILE:LINE:COL), --base-url or OPENAI_BASE_URL (exit 2). The password is
// never printed, and the server never sees a request.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import { explain, runRender, simEnv, storyboardYaml, type Workspace, useSimAndWorkspace } from '../support/run-harness.js';

const password = 'hunter2-do-not-print';

describe('base URLs with credentials', () => {
  let sim: Simulator;
  let ws: Workspace;
  useSimAndWorkspace({ timeScale: 0.02, seed: 31 }, 'render-baseurl-', (s, w) => {
    sim = s;
    ws = w;
  });
  const withCredentials = () => sim.baseURL.replace('://', `://render:${password}@`);

  it('render validate: provider.base-url with user:pass@ is a problem at its line and column', async () => {
    await ws.write('creds.yaml', `version: 1\nprovider:\n  base-url: ${withCredentials()}\nshots:\n  - {id: a, prompt: hello}\n`);
    const result = await runRender(['validate', 'creds.yaml'], { cwd: ws.dir, env: simEnv(sim) });
    expect(result.code, explain(result)).toBe(2);
    expect(result.stdout).toMatch(/^creds\.yaml:3:3: provider\.base-url .* carries credentials/m);
    expect(result.stdout).toMatch(/hint: .*OPENAI_API_KEY/);
    expect(result.stdout + result.stderr).not.toContain(password);
  });

  for (const [how, args, env] of [
    ['--base-url', (url: string) => ['--base-url', url], () => ({})],
    ['OPENAI_BASE_URL', () => [], (url: string) => ({ OPENAI_BASE_URL: url })],
  ] as const) {
    it(`${how} with user:pass@: exit 2 with a clear message, the password never printed, nothing sent`, async () => {
      await ws.write('storyboard.yaml', storyboardYaml({ name: 'creds', shots: [{ id: 'a', prompt: 'base url: credentials' }] }));
      const before = sim.stats().requests.total;
      for (const command of [[], ['plan']]) {
        const url = withCredentials();
        const result = await runRender([...command, 'storyboard.yaml', ...args(url), '--verbose'], { cwd: ws.dir, env: simEnv(sim, env(url)) });
        expect(result.code, explain(result)).toBe(2);
        expect(result.stderr).toMatch(new RegExp(`${how} .* carries credentials`));
        expect(result.stderr).toMatch(/hint: .*OPENAI_API_KEY/);
        expect(result.stdout + result.stderr).not.toContain(password);
      }
      expect(sim.stats().requests.total).toBe(before);
      expect(existsSync(join(ws.dir, 'out', 'creds')), 'refused before any folder is made').toBe(false);
    });
  }
});
