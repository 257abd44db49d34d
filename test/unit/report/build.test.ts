// buildReport: the totals, timecodes and money a user reads, and the published schema they are checked against.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../../src/report/build.js';
import { timecode, usdString } from '../../../src/report/format.js';
import { runRecord } from './run-record.fixture.js';

const schemaPath = fileURLToPath(new URL('../../../schemas/report.schema.json', import.meta.url));
const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Record<string, unknown>;
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

describe('buildReport', () => {
  it('totals spent and saved money from the shots, and counts shots by state', () => {
    const { totals } = buildReport(runRecord());
    expect(totals.spent).toEqual({ microUsd: 3_200_000, usd: '3.20' });
    expect(totals.savedByCache).toEqual({ microUsd: 400_000, usd: '0.40' });
    expect(totals.reserved).toEqual({ microUsd: 0, usd: '0.00' });
    expect(totals.cap).toEqual({ microUsd: 5_000_000, usd: '5.00' });
    expect(totals.shots).toEqual({ total: 5, completed: 3, cached: 1, failed: 1, skipped: 1 });
  });

  it('gives every cut entry and the cut itself timecodes', () => {
    const { cut } = buildReport(runRecord());
    expect(cut?.duration).toBe('00:00:15.000');
    expect(cut?.entries.map((e) => [e.shotId, e.start, e.end])).toEqual([
      ['opening', '00:00:00.000', '00:00:04.000'],
      ['keeper', '00:00:03.500', '00:00:07.500'],
      ['closing', '00:00:07.000', '00:00:15.000'],
    ]);
  });

  it('marks moderation failures and turns absent values into null', () => {
    const shots = buildReport(runRecord()).shots;
    expect(shots[2]?.error).toEqual({ code: 'moderation_blocked', message: expect.stringContaining('moderation'), moderation: true });
    expect(shots[3]).toMatchObject({ remixOf: 'storm', jobId: null, file: null, error: null, skipReason: 'the shot it remixes (storm) failed' });
    expect(shots[0]?.error).toBeNull();
  });

  it('drops credentials from the base URL and control characters from server messages', () => {
    const record = runRecord();
    record.provider.baseUrl = 'https://team:hunter2@gateway.example/v1';
    record.shots[2]!.error = { code: 'server_error', message: '\u001b[31mboom\u0007 here' };
    const report = buildReport(record);
    expect(report.provider.baseUrl).toBe('https://gateway.example/v1');
    expect(report.shots[2]?.error).toEqual({ code: 'server_error', message: 'boom here', moderation: false });
  });

  it('gives each shot its phases, and the finishing steps, in seconds since the run started', () => {
    const { timeline } = buildReport(runRecord());
    expect(timeline.shots.map((row) => row.shotId)).toEqual(['opening', 'keeper', 'storm', 'storm-remix', 'closing']);
    expect(timeline.shots[0]!.phases).toEqual([
      { phase: 'queued', startSeconds: 0.2, endSeconds: 2 },
      { phase: 'generating', startSeconds: 2, endSeconds: 80 },
      { phase: 'downloading', startSeconds: 80, endSeconds: 84.5 },
      { phase: 'checking', startSeconds: 84.5, endSeconds: 86 },
    ]);
    expect(timeline.shots[1]!.phases).toEqual([{ phase: 'cached', startSeconds: 0.3, endSeconds: 0.3 }]);
    expect(timeline.finish.map((p) => p.phase)).toEqual(['publishing', 'stitching', 'contact-sheet']);
  });

  it('gives a record without times an empty row per shot', () => {
    const record = runRecord();
    delete record.timeline;
    const { timeline } = buildReport(record);
    expect(timeline).toEqual({ shots: record.shots.map((s) => ({ shotId: s.id, phases: [] })), finish: [] });
    expect(validate(buildReport(record)), JSON.stringify(validate.errors)).toBe(true);
  });

  it('measures the run from its start and finish times', () => {
    expect(buildReport(runRecord()).time.durationSeconds).toBe(192.5);
  });
});

describe('report.schema.json', () => {
  it('accepts a full report and one without a cut or cap', () => {
    const full = buildReport(runRecord());
    expect(validate(full), JSON.stringify(validate.errors)).toBe(true);
    const bare = runRecord();
    bare.cut = null;
    bare.cutError = 'no shot completed';
    bare.budget = { reservedMicroUsd: 800_000 };
    bare.provider = { kind: 'sim', baseUrl: 'http://127.0.0.1:4010/v1' };
    expect(validate(buildReport(bare)), JSON.stringify(validate.errors)).toBe(true);
  });

  it('rejects a report with an unknown or missing field', () => {
    const report = buildReport(runRecord()) as unknown as Record<string, unknown>;
    expect(validate({ ...report, extra: 1 })).toBe(false);
    const { totals: _dropped, ...missing } = report;
    expect(validate(missing)).toBe(false);
  });

  it('describes every property and closes every object', () => {
    const problems: string[] = [];
    const visit = (node: unknown, path: string): void => {
      if (node === null || typeof node !== 'object') return;
      const obj = node as Record<string, unknown>;
      if (obj.properties) {
        if (obj.additionalProperties !== false) problems.push(`${path}: additionalProperties is not false`);
        for (const [key, prop] of Object.entries(obj.properties as Record<string, Record<string, unknown>>)) {
          if (typeof prop.description !== 'string') problems.push(`${path}.${key}: no description`);
        }
      }
      for (const [key, child] of Object.entries(obj)) visit(child, `${path}/${key}`);
    };
    visit(schema, '#');
    expect(problems).toEqual([]);
  });
});

describe('money and time formats', () => {
  it('writes USD exactly, never rounding a micro-dollar away', () => {
    expect([0, 1, 10_000, 12_500, 400_000, 1_234_567, 2_400_000, -50_000].map(usdString)).toEqual([
      '0.00', '0.000001', '0.01', '0.0125', '0.40', '1.234567', '2.40', '-0.05',
    ]);
  });

  it('writes timecodes as HH:MM:SS.mmm', () => {
    expect([0, 0.0004, 59.9996, 61.5, 3725.25].map(timecode)).toEqual([
      '00:00:00.000', '00:00:00.000', '00:01:00.000', '00:01:01.500', '01:02:05.250',
    ]);
  });
});
