// `render doctor` as a user runs it (the built binary): healthy here, clear when ffmpeg is missing or incomplete.
import { chmod, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DoctorReport } from '../../src/stitch/doctor.js';
import { runCli } from '../support/cli.js';
import { tempDir } from '../unit/stitch/support/media.js';

let dir: string;
beforeAll(async () => {
  dir = await tempDir('doctor');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('render doctor', () => {
  it('prints versions and every check, and exits 0 on this machine', async () => {
    const result = await runCli(['doctor']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ffmpeg +\d+\.\d+\S* +\/\S*ffmpeg$/m);
    expect(result.stdout).toMatch(/ok +filter xfade +transitions/);
    expect(result.stdout).toMatch(/ok +1 s smoke render/);
    expect(result.stdout).toContain('All checks passed');
  });

  it('prints one JSON document with --json', async () => {
    const result = await runCli(['doctor', '--json']);
    const report = JSON.parse(result.stdout) as DoctorReport;
    expect(result.code).toBe(0);
    expect(report.ok).toBe(true);
    expect(report.checks.find((c) => c.name === 'loudnorm')).toMatchObject({ ok: true, feature: 'audio.loudnorm (EBU R128 loudness)' });
  });

  it('says which providers have a key (yes/no), in text and JSON, never the key', async () => {
    const env = { FAL_KEY: 'fal-doctor-secret', OPENAI_API_KEY: undefined, RUNWAYML_API_SECRET: undefined, OPENROUTER_API_KEY: undefined };
    const text = await runCli(['doctor'], { env });
    expect(text.stdout).toContain('providers: openai no (OPENAI_API_KEY), fal yes (FAL_KEY), runway no (RUNWAYML_API_SECRET), openrouter no (OPENROUTER_API_KEY)');
    const json = await runCli(['doctor', '--json'], { env });
    expect((JSON.parse(json.stdout) as { providers: unknown }).providers).toEqual([
      { provider: 'openai', variable: 'OPENAI_API_KEY', configured: false },
      { provider: 'fal', variable: 'FAL_KEY', configured: true },
      { provider: 'runway', variable: 'RUNWAYML_API_SECRET', configured: false },
      { provider: 'openrouter', variable: 'OPENROUTER_API_KEY', configured: false },
    ]);
    expect(text.stdout + text.stderr + json.stdout + json.stderr).not.toContain('fal-doctor-secret');
  });

  it('explains how to install ffmpeg when FFMPEG_PATH points at nothing: exit 1, no stack trace', async () => {
    const result = await runCli(['doctor'], { env: { FFMPEG_PATH: join(dir, 'missing-ffmpeg') } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`FFMPEG_PATH is set to ${join(dir, 'missing-ffmpeg')}, which is not an executable file`);
    expect(result.stderr).toMatch(/hint: .*sudo apt-get install ffmpeg.*brew install ffmpeg/);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('names the feature lost when a filter is missing (an ffmpeg without xfade), exit 1', async () => {
    const partial = join(dir, 'ffmpeg');
    await writeFile(partial, '#!/bin/sh\ncase " $* " in *" -filters "*) /usr/bin/ffmpeg "$@" | grep -v " xfade "; exit 0;; esac\nexec /usr/bin/ffmpeg "$@"\n');
    await chmod(partial, 0o755);
    const result = await runCli(['doctor'], { env: { FFMPEG_PATH: partial, FFPROBE_PATH: '/usr/bin/ffprobe' } });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/MISSING +filter xfade +transitions: crossfade and fade \(needs ffmpeg 4\.3\+\) unavailable/);
    expect(result.stdout).toMatch(/ok +filter acrossfade/);
    expect(result.stdout).toContain('1 check(s) failed');
  });
});
