// writeReport on real files: both files land whole, parse back, and never carry the API key.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRedactor } from '../../../src/common/redact.js';
import { isRenderError } from '../../../src/common/errors.js';
import { buildReport } from '../../../src/report/build.js';
import { writeReport } from '../../../src/report/write.js';
import { runRecord } from './run-record.fixture.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'report-write-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeReport', () => {
  it('writes report.json and report.html with nothing left behind', async () => {
    const report = buildReport(runRecord());
    const paths = await writeReport(dir, report, createRedactor([]));
    expect(paths).toEqual({ json: join(dir, 'report.json'), html: join(dir, 'report.html') });
    expect((await readdir(dir)).sort()).toEqual(['report.html', 'report.json']);
    expect(JSON.parse(await readFile(paths.json, 'utf8'))).toEqual(report);
    expect(await readFile(paths.html, 'utf8')).toMatch(/^<!doctype html>[\s\S]*<\/html>\n$/);
  });

  it('redacts a canary key echoed by the server, in both files', async () => {
    const canary = `sk-canary${Math.random().toString(36).slice(2)}XYZ0123456789`;
    const gatewaySecret = 'gw&<secret>"quoted"';
    const record = runRecord();
    record.shots[2]!.error = { code: 'server_error', message: `invalid key ${canary} (gateway ${gatewaySecret})` };
    record.cutError = `stitch log mentions ${gatewaySecret}`;
    const { json, html } = await writeReport(dir, buildReport(record), createRedactor([canary, gatewaySecret]));
    for (const file of [json, html]) {
      const text = await readFile(file, 'utf8');
      expect(text).not.toContain(canary);
      expect(text).not.toContain('sk-canary');
      expect(text).not.toContain('gw&');
      expect(text).toContain('[redacted]');
    }
  });

  it('replaces an existing report whole', async () => {
    await writeFile(join(dir, 'report.json'), '{"old":true}');
    await writeReport(dir, buildReport(runRecord()), createRedactor([]));
    expect(JSON.parse(await readFile(join(dir, 'report.json'), 'utf8'))).toHaveProperty('schemaVersion', 1);
  });

  it('fails with a RenderError naming the file when the folder cannot be written', async () => {
    const blocker = join(dir, 'not-a-dir');
    await writeFile(blocker, '');
    const error: unknown = await writeReport(join(blocker, 'out'), buildReport(runRecord()), createRedactor([])).catch((e: unknown) => e);
    expect(isRenderError(error)).toBe(true);
    expect(String((error as Error).message)).toContain('not-a-dir');
  });
});
