// fal shots through the built CLI against the simulator's fal face: a storyboard mixing an OpenAI-protocol shot with
// fal shots given a first frame, a last frame, style references and an extension renders end to end, each shot billed
// once at the catalog's price as `render plan` priced it; fal's own rules are refused with FILE:LINE:COL before
// anything is paid; and the fal key appears nowhere the run writes or prints.
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { runCli } from '../support/cli.js';
import { chargedPerPrompt, falEnv, falJobs, falStoryboardYaml, writeRefs, type FalShotSpec } from '../support/fal-run.js';
import {
  explain,
  filesContaining,
  listFiles,
  paidPerPrompt,
  probeClip,
  readReport,
  runRender,
  useSimAndWorkspace,
  type Workspace,
} from '../support/run-harness.js';

/** Room for a run on two busy cores: a fal job is checked no sooner than fal's own poll hints (1–2 s). */
const slow = 120_000;

interface PlanJson {
  shots: Array<{ id: string; kind: string; provider: string; costMicroUsd: number; clipSeconds?: number }>;
  totalMicroUsd: number;
}

describe('a storyboard mixing sora-2 and fal shots', () => {
  let sim: Simulator;
  let ws: Workspace;
  useSimAndWorkspace({ timeScale: 0.01, seed: 31, rpm: 10_000, falConcurrency: 8 }, 'render-fal-mixed-', (s, w) => {
    sim = s;
    ws = w;
  });

  const shots: FalShotSpec[] = [
    { id: 'title', provider: 'openai', model: 'sora-2', prompt: 'fal mixed: the title card' },
    { id: 'harbour', reference: 'refs/first.png', lastFrame: 'refs/last.png', prompt: 'fal mixed: a harbour at dawn' },
    { id: 'harbour-more', extendOf: 'harbour', prompt: 'fal mixed: the boats reach the open sea' },
    { id: 'crew', model: 'bytedance/seedance-2.0', seconds: 5, references: ['refs/first.png', 'refs/style.png'], prompt: 'fal mixed: the crew on deck' },
    { id: 'gull', model: 'fal-ai/kling-video/v3/pro', size: '1920x1080', seconds: 3, reference: 'refs/first.png', prompt: 'fal mixed: a gull takes off' },
  ];
  // Kling makes 1080p only: it stays out of the cut, so the cut of equal 720p clips takes the stitch's fast path.
  const cut = ['title', 'harbour', 'harbour-more', 'crew'];
  // Veo 3.1 Fast at 720p with audio $0.15/s (4 s, then 7 s added); Seedance 1280×720×5×24/1024 tokens at
  // $0.014 per 1000; Kling 3.0 Pro with audio $0.168/s; sora-2 $0.10/s.
  const expectedCost: Record<string, number> = { title: 400_000, harbour: 600_000, 'harbour-more': 1_050_000, crew: 1_512_000, gull: 504_000 };
  // The endpoint each shot's inputs pick, as the job id names it.
  const expectedEndpoint: Record<string, string> = {
    harbour: 'fal-ai/veo3.1/fast/first-last-frame-to-video',
    'harbour-more': 'fal-ai/veo3.1/fast/extend-video',
    crew: 'bytedance/seedance-2.0/reference-to-video',
    gull: 'fal-ai/kling-video/v3/pro/image-to-video',
  };
  let plan: PlanJson;
  let result: Awaited<ReturnType<typeof runRender>>;

  beforeAll(async () => {
    await writeRefs(ws.dir);
    await ws.write('storyboard.yaml', falStoryboardYaml({ name: 'mixed', defaults: { model: 'fal-ai/veo3.1/fast', size: '1280x720', seconds: 4 }, shots, cut }));
    const planned = await runRender(['plan', 'storyboard.yaml', '--base-url', sim.baseURL, '--json'], { cwd: ws.dir, env: falEnv(sim) });
    expect(planned.code, explain(planned)).toBe(0);
    plan = JSON.parse(planned.stdout) as PlanJson;
    result = await runRender(['storyboard.yaml', '--base-url', sim.baseURL], { cwd: ws.dir, env: falEnv(sim) });
  }, slow);

  it('the plan prices each shot from the catalog in its provider\'s unit', () => {
    expect(Object.fromEntries(plan.shots.map((s) => [s.id, s.costMicroUsd]))).toEqual(expectedCost);
    expect(plan.totalMicroUsd).toBe(Object.values(expectedCost).reduce((a, b) => a + b, 0));
    expect(plan.shots.find((s) => s.id === 'harbour-more')).toMatchObject({ kind: 'extend', provider: 'fal', clipSeconds: 11 });
  });

  it('renders end to end: exit 0, every shot completed with its provider and kind in report.json', async () => {
    expect(result.code, explain(result)).toBe(0);
    const report = await readReport(join(ws.dir, 'out', 'mixed'));
    expect(report.outcome).toBe('completed');
    const byId = Object.fromEntries(report.shots.map((s) => [s.id, s as typeof s & { provider?: string; extendOf?: string }]));
    expect(Object.keys(byId).sort()).toEqual(shots.map((s) => s.id).sort());
    for (const shot of shots) {
      expect(byId[shot.id], shot.id).toMatchObject({ status: 'completed', cache: 'paid', provider: shot.provider ?? 'fal', cost: { microUsd: expectedCost[shot.id] } });
    }
    expect(byId['harbour-more']).toMatchObject({ kind: 'extend', extendOf: 'harbour' });
    expect(byId.harbour!.kind).toBe('create');
    for (const [id, endpoint] of Object.entries(expectedEndpoint)) expect(byId[id]!.jobId, id).toMatch(new RegExp(`^fal:${endpoint}:`));
    expect(report.totals.spent.microUsd).toBe(plan.totalMicroUsd);
  });

  it('the cut and each clip have the expected lengths: the extension\'s clip is its parent\'s 4 s plus the 7 s added', async () => {
    const outDir = join(ws.dir, 'out', 'mixed');
    const clipSeconds: Record<string, number> = { title: 4, harbour: 4, 'harbour-more': 11, crew: 5, gull: 3 };
    for (const [id, seconds] of Object.entries(clipSeconds)) {
      const clip = await probeClip(join(outDir, 'shots', `${id}.mp4`), false);
      expect(clip.durationSeconds, id).toBeCloseTo(seconds, 1);
      expect(clip.video, id).toMatchObject(id === 'gull' ? { width: 1920, height: 1080 } : { width: 1280, height: 720 });
    }
    const final = await probeClip(join(outDir, 'mixed.mp4'));
    expect(final.durationSeconds).toBeCloseTo(4 + 4 + 11 + 5, 1);
    expect((await readReport(outDir)).cut).toMatchObject({ file: 'mixed.mp4', durationSeconds: 24 });
  });

  it('each shot is billed exactly once, on its own face, at the price the plan showed', () => {
    const stats = sim.stats();
    const prompts = shots.map((s) => s.prompt);
    expect(paidPerPrompt(stats, prompts)).toEqual(Object.fromEntries(prompts.map((p) => [p, 1])));
    expect(chargedPerPrompt(stats, prompts)).toEqual(Object.fromEntries(prompts.map((p) => [p, 1])));
    for (const shot of shots) {
      const planned = plan.shots.find((s) => s.id === shot.id)!;
      const [job] = stats.jobs.filter((j) => j.prompt === shot.prompt);
      expect(job, shot.id).toMatchObject({ protocol: shot.provider ?? 'fal', priceMicroUsd: planned.costMicroUsd, delivery: 'answered' });
    }
    expect(falJobs(stats, 'fal mixed: the boats reach the open sea')[0]).toMatchObject({ kind: 'extend', billedSeconds: 7, seconds: 11 });
    expect(stats.billed.microUsd).toBe(plan.totalMicroUsd);
  });

  it('a re-run is all cache: nothing submitted, nothing spent', async () => {
    const jobsBefore = sim.stats().jobs.length;
    const again = await runRender(['storyboard.yaml', '--base-url', sim.baseURL], { cwd: ws.dir, env: falEnv(sim) });
    expect(again.code, explain(again)).toBe(0);
    expect(again.stderr).toMatch(/5 done, 5 cached/);
    expect(sim.stats().jobs.length).toBe(jobsBefore);
    const report = await readReport(join(ws.dir, 'out', 'mixed'));
    expect(report.totals.spent.microUsd).toBe(0);
    expect(report.totals.savedByCache.microUsd).toBe(plan.totalMicroUsd);
  }, slow);
});

describe('a cut joining a Veo clip to its extension', () => {
  let sim: Simulator;
  let ws: Workspace;
  useSimAndWorkspace({ timeScale: 0.01, seed: 35, rpm: 10_000 }, 'render-fal-drift-', (s, w) => {
    sim = s;
    ws = w;
  });

  // Copying the packets of these two clips (4 s, then its 11 s extension) leaves the sound 40 ms off the picture
  // ("decoded audio 15.019 s against video 14.979 s"); the stitch then re-encodes instead of failing the run.
  it('stitches 4 s + 7 s added into a 15 s cut', async () => {
    const shots: FalShotSpec[] = [
      { id: 'fox', prompt: 'fal drift: a fox in the snow' },
      { id: 'fox-more', extendOf: 'fox', prompt: 'fal drift: the fox runs into the forest' },
    ];
    await ws.write('storyboard.yaml', falStoryboardYaml({ name: 'drift', defaults: { model: 'fal-ai/veo3.1/fast', size: '1280x720', seconds: 4 }, shots }));
    const result = await runRender(['storyboard.yaml', '--base-url', sim.baseURL], { cwd: ws.dir, env: falEnv(sim) });
    expect(paidPerPrompt(sim.stats(), shots.map((s) => s.prompt))).toEqual({ 'fal drift: a fox in the snow': 1, 'fal drift: the fox runs into the forest': 1 });
    expect(result.stderr).not.toMatch(/A\/V drift/);
    expect(result.code, explain(result)).toBe(0);
    expect((await probeClip(join(ws.dir, 'out', 'drift', 'drift.mp4'))).durationSeconds).toBeCloseTo(15, 1);
  }, slow);
});

describe('fal rules, refused with FILE:LINE:COL before anything is paid', () => {
  let sim: Simulator;
  let ws: Workspace;
  useSimAndWorkspace({ timeScale: 0.01, seed: 32, rpm: 10_000 }, 'render-fal-invalid-', (s, w) => {
    sim = s;
    ws = w;
  });

  const veoFamilies = 'fal-ai/veo3.1, fal-ai/veo3.1/fast';
  const lastFrameModels = `${veoFamilies}, fal-ai/kling-video/v3/pro, bytedance/seedance-2.0, fal-ai/wan/v2.7`;
  const referenceModels = `${veoFamilies}, bytedance/seedance-2.0, fal-ai/wan/v2.7`;
  const extendModels = `${veoFamilies}, fal-ai/wan/v2.7`;
  const remixModels = 'sora-2, sora-2-2025-12-08, sora-2-2025-10-06, sora-2-pro, sora-2-pro-2025-10-06';
  // One problem per shot; the line of each problem is the line its key is written on (see falStoryboardYaml).
  const shots: FalShotSpec[] = [
    { id: 'wide', model: 'fal-ai/minimax/hailuo-2.3/standard', size: '1280x720', seconds: 6, prompt: 'invalid: a size Hailuo lacks' },
    { id: 'odd', seconds: 5, prompt: 'invalid: a duration Veo lacks' },
    // No fal family lacks a first-frame input; Veo's reference-to-video endpoint does, so a first frame and style
    // references together have no endpoint.
    { id: 'both', reference: 'refs/first.png', references: ['refs/style.png'], prompt: 'invalid: a first frame with references' },
    { id: 'kling-refs', model: 'fal-ai/kling-video/v3/pro', size: '1920x1080', references: ['refs/style.png'], prompt: 'invalid: references Kling lacks' },
    { id: 'hailuo-last', model: 'fal-ai/minimax/hailuo-2.3/standard', size: '1366x768', seconds: 6, reference: 'refs/first.png', lastFrame: 'refs/last.png', prompt: 'invalid: a last frame Hailuo lacks' },
    { id: 'again', remixOf: 'odd', prompt: 'invalid: a remix of a fal shot' },
    { id: 'kling', model: 'fal-ai/kling-video/v3/pro', size: '1920x1080', prompt: 'invalid: a valid Kling clip' },
    { id: 'kling-more', extendOf: 'kling', prompt: 'invalid: Kling cannot extend' },
    { id: 'title', provider: 'openai', model: 'sora-2', lastFrame: 'refs/last.png', prompt: 'invalid: a sora-2 shot with a last frame' },
  ];
  const yaml = falStoryboardYaml({ name: 'invalid', defaults: { model: 'fal-ai/veo3.1/fast', size: '1280x720', seconds: 4 }, shots: shots.map((s) => (s.model === 'fal-ai/kling-video/v3/pro' ? { ...s, seconds: 5 } : s)), cut: false });
  const lineOf = (shotId: string, key: string) => {
    const lines = yaml.split('\n');
    const start = lines.indexOf(`  - id: ${shotId}`);
    const offset = lines.slice(start).findIndex((line) => line.startsWith(key === 'id' ? '  - id:' : `    ${key}:`));
    return start + offset + 1;
  };
  const expected = () => [
    `storyboard.yaml:${lineOf('wide', 'size')}:5: size 1280x720 is not allowed for fal-ai/minimax/hailuo-2.3/standard (fal-ai/minimax/hailuo-2.3/standard/text-to-video); allowed: 1366x768`,
    `storyboard.yaml:${lineOf('odd', 'seconds')}:5: 5 seconds is not allowed for fal-ai/veo3.1/fast (fal-ai/veo3.1/fast) (did you mean "4"?); allowed: 4, 6, 8`,
    `storyboard.yaml:${lineOf('both', 'id')}:5: fal-ai/veo3.1/fast has no endpoint taking a reference (first frame) and references together`,
    `storyboard.yaml:${lineOf('kling-refs', 'references')}:5: fal model fal-ai/kling-video/v3/pro takes no reference images; models that do: ${referenceModels}`,
    `storyboard.yaml:${lineOf('hailuo-last', 'last-frame')}:5: fal model fal-ai/minimax/hailuo-2.3/standard takes no last frame; models that do: ${lastFrameModels}`,
    `storyboard.yaml:${lineOf('again', 'remix-of')}:5: fal model fal-ai/veo3.1/fast cannot be remixed; models that can: ${remixModels}`,
    `storyboard.yaml:${lineOf('kling-more', 'extend-of')}:5: fal model fal-ai/kling-video/v3/pro cannot extend a clip; models that can: ${extendModels}`,
    `storyboard.yaml:${lineOf('title', 'last-frame')}:5: model sora-2 takes no last frame; fal models that do: ${lastFrameModels} (set provider: fal)`,
  ];

  beforeAll(async () => {
    await writeRefs(ws.dir);
    await ws.write('storyboard.yaml', yaml);
  });

  it('render validate: exit 2, each problem at its key\'s line and column, naming what is allowed or the models that can', async () => {
    const result = await runCli(['validate', 'storyboard.yaml'], { cwd: ws.dir, env: falEnv(sim) });
    expect(result.code, explain(result)).toBe(2);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines.filter((line) => !line.startsWith('  hint: '))).toEqual([...expected(), '8 problems in 1 storyboard']);
    expect(lines).toContain(`  hint: To continue a fal clip use extend-of with a model that extends: ${extendModels}.`);
  });

  it('render: exit 2 with the same problems, and no request reaches either face', async () => {
    const logStart = sim.stats().requests.log.length;
    const result = await runRender(['storyboard.yaml', '--base-url', sim.baseURL], { cwd: ws.dir, env: falEnv(sim) });
    expect(result.code, explain(result)).toBe(2);
    for (const line of expected()) expect(result.stderr).toContain(line);
    expect(result.stderr).toContain('8 problems in storyboard.yaml');
    expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(sim.stats().jobs).toEqual([]);
    expect(sim.stats().requests.log.slice(logStart)).toEqual([]);
  });
});

describe('the fal key appears nowhere', () => {
  const secretPart = randomBytes(16).toString('hex');
  const canary = `fal-canary-${secretPart}:${randomBytes(8).toString('hex')}`;
  const needles = [canary, ...Array.from({ length: secretPart.length - 9 }, (_, i) => secretPart.slice(i, i + 10))];
  const leaks = (text: string) => needles.filter((needle) => text.includes(needle));
  let sim: Simulator;
  let ws: Workspace;
  useSimAndWorkspace({ apiKey: canary, timeScale: 0.01, seed: 33, rpm: 10_000, falConcurrency: 8 }, 'render-fal-secrets-', (s, w) => {
    sim = s;
    ws = w;
  });
  // Echoes the caller's key in its 401 and 5xx answers and in an `x-sim-echo` header.
  let hostile: Simulator;
  beforeAll(async () => {
    hostile = await startSimulator({ port: 0, apiKey: canary, echoKey: true, timeScale: 0.01, seed: 34, rpm: 10_000 });
  });
  afterAll(() => hostile?.close());

  async function render(name: string, server: Simulator, shots: FalShotSpec[], args: string[], env: Record<string, string> = {}) {
    const dir = join(ws.dir, name);
    await mkdir(dir, { recursive: true });
    await ws.write(join(name, 'storyboard.yaml'), falStoryboardYaml({ name, defaults: { model: 'fal-ai/wan/v2.7', size: '1280x720', seconds: 2 }, shots }));
    // Both faces get the canary: FAL_KEY and OPENAI_API_KEY alike.
    const result = await runRender(['storyboard.yaml', '--base-url', server.baseURL, ...args], { cwd: dir, env: falEnv({ apiKey: canary, falBaseURL: server.falBaseURL }, env) });
    expect(leaks(result.stdout), `stdout leaks the key\n${explain(result)}`).toEqual([]);
    expect(leaks(result.stderr), `stderr leaks the key\n${explain(result)}`).toEqual([]);
    // Nor any file the run wrote: cache, journal, out/, report.json and report.html.
    const files = await listFiles(dir);
    expect(files.some((f) => f.endsWith('journal.jsonl'))).toBe(true);
    expect(files.some((f) => f.endsWith('report.json'))).toBe(true);
    expect(await filesContaining(dir, needles)).toEqual([]);
    return { result, dir };
  }

  it('a --verbose --json run with a dropped submit answer, found again in fal\'s request listing', async () => {
    sim.faults.script('fal.submit', ['drop']);
    const shots: FalShotSpec[] = [
      { id: 'a', prompt: 'fal secrets: a kettle on a stove' },
      { id: 'b', prompt: 'fal secrets: rain on a window' },
    ];
    const { result } = await render('verbose', sim, shots, ['--verbose', '--json', '--reconcile-window', '2']);
    expect(result.code, explain(result)).toBe(0);
    expect(result.stdout).toMatch(/adopted/);
  }, slow);

  it('a hostile fal face echoing the key in 5xx answers and headers', async () => {
    hostile.faults.script('fal.submit', [{ status: 500, afterProcessing: true }]);
    hostile.faults.script('fal.status', ['http500', 'http503']);
    const shots: FalShotSpec[] = [
      { id: 'a', prompt: 'fal secrets hostile: a cracked mirror' },
      { id: 'b', prompt: 'fal secrets hostile: a candle flickering' },
    ];
    const { result } = await render('hostile', hostile, shots, ['--verbose', '--json', '--reconcile-window', '1']);
    expect(hostile.stats().requests.log.some((e) => e.status === 500 || e.status === 503)).toBe(true);
    expect([0, 1], explain(result)).toContain(result.code);
  }, slow);

  it('a fal face answering 401 with the key echoed in its message', async () => {
    const wrong = await startSimulator({ port: 0, apiKey: 'fal-some-other-key-0123456789', echoKey: true, timeScale: 0.01 });
    try {
      const { result } = await render('unauthorised', wrong, [{ id: 'a', prompt: 'fal secrets 401: a locked door' }], ['--verbose', '--json']);
      expect(result.code, explain(result)).not.toBe(0);
      // The hint names the fal shot's own key variable.
      expect(result.stdout + result.stderr).toMatch(/refused the API key \(401\)/);
      expect(result.stdout + result.stderr).toContain('check FAL_KEY and the base URL');
      expect(result.stdout + result.stderr).not.toContain('OPENAI_API_KEY');
      expect(wrong.stats().requests.log.some((e) => e.status === 401)).toBe(true);
    } finally {
      await wrong.close();
    }
  });
});
