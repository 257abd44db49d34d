// `render init` as a new user runs it: a starter that validates and renders offline, one shot per provider whose
// key is set, the cache and output folders ignored by git, and never a file overwritten.
import { access, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { baseEnv, explain, makeWorkspace, runRender, type Workspace } from '../support/run-harness.js';

const fast = { RENDER_SIM_TIME_SCALE: '0.01', RENDER_POLL_MIN_MS: '50' };
const allKeys = { OPENAI_API_KEY: 'sk-init-openai', FAL_KEY: 'fal-init', RUNWAYML_API_SECRET: 'rw-init', OPENROUTER_API_KEY: 'or-init' };

describe('render init', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await makeWorkspace('render-init-');
  });
  afterAll(async () => ws?.cleanup());

  it('writes a starter that validates and renders with --provider sim, with the $schema line and a .gitignore', async () => {
    const init = await runRender(['init', 'film'], { cwd: ws.dir, env: baseEnv() });
    expect(init.code, explain(init)).toBe(0);
    const text = await readFile(join(ws.dir, 'film', 'storyboard.yaml'), 'utf8');
    const schemaLine = /^# yaml-language-server: \$schema=(\S+)$/m.exec(text.split('\n')[0]!);
    expect(schemaLine).not.toBeNull();
    await access(join(ws.dir, 'film', schemaLine![1]!)); // the path points at the schema the package ships
    const storyboard = parse(text) as { shots: Array<{ provider: string }> };
    expect(storyboard.shots.map((s) => s.provider)).toEqual(['openai']);
    expect((await readFile(join(ws.dir, 'film', '.gitignore'), 'utf8')).split('\n')).toEqual(expect.arrayContaining(['.render/', 'out/']));

    const validate = await runRender(['validate', 'film/storyboard.yaml'], { cwd: ws.dir, env: baseEnv() });
    expect(validate.stdout, explain(validate)).toBe('1 storyboard valid\n');
    const render = await runRender(['film/storyboard.yaml', '--provider', 'sim'], { cwd: ws.dir, env: baseEnv(fast), timeoutMs: 120_000 });
    expect(render.code, explain(render)).toBe(0);
    await access(join(ws.dir, 'film', 'out', 'film', 'film.mp4'));
  }, 150_000);

  it('never overwrites: a second init fails with exit 2 naming the file, which is unchanged', async () => {
    const before = await readFile(join(ws.dir, 'film', 'storyboard.yaml'), 'utf8');
    const again = await runRender(['init', 'film'], { cwd: ws.dir, env: baseEnv(allKeys) });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('film/storyboard.yaml: this file already exists, and render init never overwrites a file');
    expect(again.stderr).not.toMatch(/^\s+at /m);
    expect(await readFile(join(ws.dir, 'film', 'storyboard.yaml'), 'utf8')).toBe(before);
  });

  it('writes one shot per provider whose key is set (never the key), all valid and rendered by the simulator', async () => {
    await writeFile(join(ws.dir, '.gitignore'), 'node_modules\n/.render');
    const init = await runRender(['init'], { cwd: ws.dir, env: baseEnv(allKeys) });
    expect(init.code, explain(init)).toBe(0);
    const text = await readFile(join(ws.dir, 'storyboard.yaml'), 'utf8');
    for (const key of Object.values(allKeys)) expect(text + init.stdout + init.stderr).not.toContain(key);
    const storyboard = parse(text) as { shots: Array<{ id: string; provider: string }> };
    expect(storyboard.shots.map((s) => s.provider)).toEqual(['openai', 'fal', 'runway', 'openrouter']);
    // The existing .gitignore gains only what it lacked: `/.render` already covers the cache.
    expect(await readFile(join(ws.dir, '.gitignore'), 'utf8')).toBe('node_modules\n/.render\n# render: cache and output folders\nout/\n');

    const validate = await runRender(['validate', 'storyboard.yaml'], { cwd: ws.dir, env: baseEnv() });
    expect(validate.stdout, explain(validate)).toBe('1 storyboard valid\n');
    const render = await runRender(['storyboard.yaml', '--provider', 'sim'], { cwd: ws.dir, env: baseEnv(fast), timeoutMs: 150_000 });
    expect(render.code, explain(render)).toBe(0);
    const name = (parse(text) as { name: string }).name;
    await access(join(ws.dir, 'out', name, `${name}.mp4`));

    // Run again in a folder whose .gitignore has everything: nothing is appended.
    const gitignore = await readFile(join(ws.dir, '.gitignore'), 'utf8');
    const nested = await runRender(['init', 'second'], { cwd: ws.dir, env: baseEnv() });
    expect(nested.code).toBe(0);
    expect(await readFile(join(ws.dir, '.gitignore'), 'utf8')).toBe(gitignore);
  }, 200_000);
});
