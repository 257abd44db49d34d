// The package as npm ships it: no tests or fixtures in the tarball, and the tarball installed into an empty project
// gives a `storyboard-render` bin (the one `npx storyboard-render` runs) that renders the example offline.
import { spawn } from 'node:child_process';
import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyExample } from '../support/example.js';
import { baseEnv, explain } from '../support/run-harness.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));

// What npm needs from the machine to reach its registry when a dependency is not in its cache: the proxy and the
// certificates it trusts (a proxy that re-signs TLS is trusted through NODE_EXTRA_CA_CERTS). baseEnv drops them, and
// npm without them retries SELF_SIGNED_CERT_IN_CHAIN until the test times out.
const registryVariables = ['NODE_EXTRA_CA_CERTS', 'SSL_CERT_FILE', 'SSL_CERT_DIR', 'HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy'];
const registryEnv = (): Record<string, string> =>
  Object.fromEntries(registryVariables.flatMap((name) => (process.env[name] === undefined ? [] : [[name, process.env[name]!]])));

function npm(args: string[], cwd: string, env: Record<string, string> = {}, timeoutMs = 240_000) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    // npm and npx sit beside the node running the tests (the project's .tools, or the machine's).
    const child = spawn(args[0] === 'npx' ? 'npx' : 'npm', args.slice(args[0] === 'npx' ? 1 : 0), {
      cwd,
      env: { ...baseEnv({ ...registryEnv(), NPM_CONFIG_UPDATE_NOTIFIER: 'false', NPM_CONFIG_FUND: 'false', NPM_CONFIG_AUDIT: 'false', ...env }) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('the npm package', () => {
  let temp: string;
  beforeAll(async () => {
    temp = await mkdtemp(join(tmpdir(), 'render-pack-'));
  });
  afterAll(async () => rm(temp, { recursive: true, force: true }));

  it('holds the built CLI, its bin and the schemas, and no tests, fixtures or benches', async () => {
    // --ignore-scripts: dist/ is built before the tests (pretest); `prepare` would rebuild it under the suite.
    const packed = await npm(['pack', '--dry-run', '--json', '--ignore-scripts'], repo);
    expect(packed.code, packed.stderr).toBe(0);
    const files = (JSON.parse(packed.stdout) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((f) => f.path);
    expect(files).toEqual(expect.arrayContaining(['bin/render.js', 'dist/cli/main.js', 'dist/index.js', 'schemas/storyboard.schema.json', 'package.json', 'README.md']));
    expect(files.filter((file) => /(^|\/)(test|tests|__tests__|fixtures?|bench|examples)\//.test(file) || /\.(test|spec)\.[cm]?[jt]s$/.test(file))).toEqual([]);
  });

  it('installed from its tarball into an empty project, `npx storyboard-render` renders the example with --provider sim', async () => {
    const packed = await npm(['pack', '--ignore-scripts', '--json', '--pack-destination', temp], repo);
    expect(packed.code, packed.stderr).toBe(0);
    const tarball = join(temp, (JSON.parse(packed.stdout) as Array<{ filename: string }>)[0]!.filename);
    const project = join(temp, 'project');
    await copyExample(project);
    await writeFile(join(project, 'package.json'), '{"name": "pack-check", "private": true}\n');
    // The dependencies come from the npm cache when it has them; the registry is asked only for what it lacks.
    const install = await npm(['install', '--prefer-offline', '--no-save', tarball], project);
    expect(install.code, `${install.stdout}\n${install.stderr}`).toBe(0);
    await access(join(project, 'node_modules', '.bin', 'storyboard-render'));

    const version = await npm(['npx', '--no-install', 'storyboard-render', '--version'], project);
    expect(version.stdout, explain(version)).toMatch(/^render \d+\.\d+\.\d+\nproviders: openai no \(OPENAI_API_KEY\), fal no/);
    const render = await npm(['npx', '--no-install', 'storyboard-render', 'examples/storyboard.yaml', '--provider', 'sim'], project, {
      RENDER_SIM_TIME_SCALE: '0.01',
      RENDER_POLL_MIN_MS: '50',
    });
    expect(render.code, explain(render)).toBe(0);
    await access(join(project, 'examples', 'out', 'neon-city', 'neon-city.mp4'));
    await access(join(project, 'examples', 'out', 'neon-city', 'report.html'));
  }, 420_000);
});
