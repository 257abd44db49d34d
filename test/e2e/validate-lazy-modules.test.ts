// `render --help` and `render validate` must start fast: they never load the OpenAI SDK, listr2 or the simulator; a
// render loads the SDK of each provider its shots use and no other (OpenRouter's alone is a thousand modules).
// A module.registerHooks hook (loaded with --import) records every module the process resolves.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const example = fileURLToPath(new URL('../../examples/storyboard.yaml', import.meta.url));
const openaiOnly = fileURLToPath(new URL('../fixtures/storyboards/good/minimal.yaml', import.meta.url));
// pg and pg-boss load only for the batch commands (render enqueue, worker, batch).
const heavy = [/\/node_modules\/pg\//, /\/node_modules\/pg-boss\//, /\/dist\/batch\//, /\/node_modules\/openai\//, /\/node_modules\/listr2\//, /\/dist\/sim\//, /\/node_modules\/fluent-ffmpeg\//];
let temp: string;
let hook: string;

beforeAll(() => {
  temp = mkdtempSync(path.join(tmpdir(), 'sbr-modules-'));
  hook = path.join(temp, 'record-modules.mjs');
  writeFileSync(
    hook,
    [
      "import { registerHooks } from 'node:module';",
      "import { appendFileSync } from 'node:fs';",
      'registerHooks({ resolve(specifier, context, next) { const result = next(specifier, context); appendFileSync(process.env.SBR_MODULE_LOG, `${result.url}\\n`); return result; } });',
    ].join('\n'),
  );
});
afterAll(() => rmSync(temp, { recursive: true, force: true }));

async function modulesLoadedBy(args: string[], name: string): Promise<string[]> {
  const log = path.join(temp, `${name}.log`);
  writeFileSync(log, '');
  const result = await runCli(args, { cwd: temp, env: { NODE_OPTIONS: `--import=${pathToFileURL(hook).href}`, SBR_MODULE_LOG: log, RENDER_SIM_TIME_SCALE: '0.01', RENDER_POLL_MIN_MS: '50' } });
  expect(result.code, result.stderr).toBe(0);
  return readFileSync(log, 'utf8').split('\n').filter(Boolean);
}

describe('lazy loading', () => {
  it('render --help loads neither heavy dependencies nor the parsers', async () => {
    const modules = await modulesLoadedBy(['--help'], 'help');
    expect(modules.some((m) => m.includes('/dist/cli/main.js')), 'the hook records modules').toBe(true);
    for (const pattern of [...heavy, /\/node_modules\/yaml\//, /\/node_modules\/ajv\//]) expect(modules.filter((m) => pattern.test(m))).toEqual([]);
  });

  it('render validate loads yaml and ajv but not the SDK, listr2, ffmpeg or the simulator', async () => {
    const modules = await modulesLoadedBy(['validate', example], 'validate');
    expect(modules.some((m) => m.includes('/node_modules/yaml/'))).toBe(true);
    expect(modules.some((m) => m.includes('/node_modules/ajv/'))).toBe(true);
    for (const pattern of heavy) expect(modules.filter((m) => pattern.test(m))).toEqual([]);
  });

  it('a render whose shots all use the OpenAI protocol loads its SDK and none of fal, Runway or OpenRouter', async () => {
    const storyboard = path.join(temp, 'openai-only.yaml');
    copyFileSync(openaiOnly, storyboard);
    const modules = await modulesLoadedBy([storyboard, '--provider', 'sim', '--no-stitch'], 'render');
    expect(modules.some((m) => m.includes('/node_modules/openai/'))).toBe(true);
    for (const pattern of [/\/node_modules\/@fal-ai\//, /\/node_modules\/@runwayml\//, /\/node_modules\/@openrouter\//]) expect(modules.filter((m) => pattern.test(m))).toEqual([]);
  });
});
