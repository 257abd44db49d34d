// What a GitHub Actions job and a CI dashboard read from `render validate` and `render`, parsed back as they parse
// it: workflow commands placed on the storyboard's lines, the step summary's table, and the JUnit file.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readExpectations } from '../fixtures/storyboards/expectations.js';
import { runCli } from '../support/cli.js';
import { markdownTables, workflowCommands } from '../support/github-actions.js';
import { baseEnv, explain, makeWorkspace, runRender, type Workspace } from '../support/run-harness.js';
import { findAll, parseXml } from '../support/xml.js';

const fixtures = fileURLToPath(new URL('../fixtures/storyboards/', import.meta.url));

// Line numbers matter: the failed shot `lantern` starts on line 8.
const storyboard = `version: 1
name: ci-night
defaults: {model: sora-2, size: 1280x720, seconds: 4}
budget: {max-usd: 3}
shots:
  - id: skyline
    prompt: A skyline at dusk.
  - id: lantern
    prompt: A paper lantern drifting up. MODERATION_TEST
  - id: lantern-night
    remix-of: lantern
    prompt: The same lantern at midnight.
cut:
  output: ci-night.mp4
  shots: [skyline, lantern, lantern-night]
`;

describe('render validate under GitHub Actions', () => {
  it('prints each problem as an ::error on its file, line and column, with the code as title', async () => {
    const files = ['bad/unknown-key-typo.yaml', 'bad/cut-missing-shot.yaml'];
    const result = await runCli(['validate', ...files], { cwd: fixtures, env: { GITHUB_ACTIONS: 'true' } });
    expect(result.code).toBe(2);
    const commands = workflowCommands(result.stdout);
    const expected = files.flatMap((file) => readExpectations(join(fixtures, file)).map((e) => ({ file, ...e })));
    expect(commands).toHaveLength(expected.length);
    for (const e of expected) {
      const found = commands.find((c) => c.properties.file === e.file && c.properties.line === String(e.line) && c.properties.col === String(e.col));
      expect(found, `${e.file}:${e.line}:${e.col}`).toBeDefined();
      expect(found!.command).toBe('error');
      expect(found!.message).toContain(e.text);
      expect(found!.properties.title).toMatch(/^[A-Z_]+$/);
    }
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe(`${expected.length} problems in 2 of 2 storyboards`);
  });

  it('prints the usual FILE:LINE:COL lines with --format text, and workflow commands with --format github anywhere', async () => {
    const text = await runCli(['validate', '--format', 'text', 'bad/unknown-key-typo.yaml'], { cwd: fixtures, env: { GITHUB_ACTIONS: 'true' } });
    expect(text.stdout).toMatch(/^bad\/unknown-key-typo\.yaml:7:5: /m);
    expect(workflowCommands(text.stdout)).toEqual([]);
    const github = await runCli(['validate', '--format', 'github', 'bad/unknown-key-typo.yaml'], { cwd: fixtures });
    expect(workflowCommands(github.stdout)).toMatchObject([{ command: 'error', properties: { file: 'bad/unknown-key-typo.yaml', line: '7', col: '5', title: 'SCHEMA_UNKNOWN_KEY' } }]);
    const wrong = await runCli(['validate', '--format', 'xml', 'bad/unknown-key-typo.yaml'], { cwd: fixtures });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--format must be one of text, json, github');
  });
});

describe('render under GitHub Actions, with --junit', () => {
  let ws: Workspace;
  let summaryFile: string;
  let run: Awaited<ReturnType<typeof runRender>>;

  beforeAll(async () => {
    ws = await makeWorkspace('render-ci-');
    await ws.write('ci-night.yaml', storyboard);
    summaryFile = join(ws.dir, 'step-summary.md');
    await writeFile(summaryFile, '### an earlier step\n');
    const env = baseEnv({ GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summaryFile, RENDER_SIM_TIME_SCALE: '0.01', RENDER_POLL_MIN_MS: '50' });
    run = await runRender(['ci-night.yaml', '--provider', 'sim', '--junit', 'reports/junit.xml'], { cwd: ws.dir, env, timeoutMs: 120_000 });
  }, 150_000);
  afterAll(async () => ws?.cleanup());

  it('fails with exit 1 and annotates the failed shot on its line of the storyboard', () => {
    expect(run.code, explain(run)).toBe(1);
    const errors = workflowCommands(run.stdout).filter((c) => c.command === 'error');
    const shot = errors.find((c) => c.properties.title?.startsWith('shot lantern:'));
    expect(shot, explain(run)).toMatchObject({ properties: { file: 'ci-night.yaml', line: '8', title: 'shot lantern: MODERATION' } });
    expect(shot!.message).toMatch(/moderation/i);
    // The plain lines still go to the log.
    expect(run.stderr).toMatch(/lantern: failed/);
  });

  it('appends a step summary whose table has each shot, its cache state, cost and reason', async () => {
    const markdown = await readFile(summaryFile, 'utf8');
    expect(markdown.startsWith('### an earlier step\n')).toBe(true);
    expect(markdown).toContain('of the $3.00 cap');
    const [table] = markdownTables(markdown);
    const rows = Object.fromEntries(table!.slice(1).map((cells) => [cells[0], cells]));
    expect(Object.keys(rows)).toEqual(['skyline', 'lantern', 'lantern-night']);
    expect(rows.skyline!.slice(1, 4)).toEqual(['completed', 'paid', '$0.40']);
    expect(rows.lantern!.slice(1, 3)).toEqual(['failed', 'paid']);
    expect(rows.lantern![5]).toMatch(/^MODERATION: /);
    expect(rows['lantern-night']!.slice(1, 3)).toEqual(['skipped', 'none']);
    expect(rows['lantern-night']![5]).toContain('lantern');
  });

  it('writes a JUnit file: one case per shot with its time, the failure with its code, the skips, and the cut', async () => {
    const root = parseXml(await readFile(join(ws.dir, 'reports', 'junit.xml'), 'utf8'));
    const cases = findAll(root, 'testcase');
    expect(cases.map((c) => c.attributes.name)).toEqual(['skyline', 'lantern', 'lantern-night', 'cut']);
    expect(Number(cases[0]!.attributes.time)).toBeGreaterThan(0);
    expect(findAll(cases[0]!, 'failure')).toEqual([]);
    expect(findAll(cases[1]!, 'failure')[0]!.attributes.type).toBe('MODERATION');
    expect(findAll(cases[2]!, 'skipped')).toHaveLength(1);
    expect(findAll(cases[3]!, 'skipped')[0]!.attributes.message).toMatch(/not stitched/);
    expect(findAll(root, 'testsuite')[0]!.attributes).toMatchObject({ tests: '4', failures: '1', skipped: '2' });
  });

  it('annotates an invalid storyboard and still writes both reports, then exits 2', async () => {
    await ws.write('broken.yaml', storyboard.replace('    prompt: A skyline at dusk.', '    promt: A skyline at dusk.'));
    const summary = join(ws.dir, 'broken-summary.md');
    const env = baseEnv({ GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary });
    const result = await runRender(['broken.yaml', '--provider', 'sim', '--junit', 'broken.xml'], { cwd: ws.dir, env });
    expect(result.code, explain(result)).toBe(2);
    expect(workflowCommands(result.stdout)).toContainEqual(expect.objectContaining({ command: 'error', properties: expect.objectContaining({ file: 'broken.yaml', line: '7', title: 'SCHEMA_UNKNOWN_KEY' }) }));
    expect(markdownTables(await readFile(summary, 'utf8'))[0]![1]!.slice(0, 2)).toEqual(['broken.yaml:7:5', 'SCHEMA_UNKNOWN_KEY']);
    const failure = findAll(parseXml(await readFile(join(ws.dir, 'broken.xml'), 'utf8')), 'failure')[0]!;
    expect(failure.attributes.type).toBe('SCHEMA_UNKNOWN_KEY');
  });
});
