// What a batch records, decided before any database is touched: one unit per key whatever the number of
// storyboards listing it, parents before the units made from them, each storyboard's cut and shot order kept.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { budgetRefusal, chainPriorities, enqueueRows, newBatchId, unitPayloadOf, unitsToSend, type KeyedStoryboard } from '../../../src/batch/enqueue-plan.js';
import { decodeUnit } from '../../../src/batch/payload.js';
import { computeShotKeys } from '../../../src/cache/key.js';
import { prepareRun } from '../../../src/run/prepare.js';

let temp: string;
beforeAll(() => {
  temp = mkdtempSync(path.join(tmpdir(), 'sbr-enqueue-plan-'));
});
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const noTools = () => Promise.reject(new Error('no reference images here'));

async function keyed(file: string, yaml: string): Promise<KeyedStoryboard> {
  const abs = path.join(temp, file);
  writeFileSync(abs, yaml);
  const prepared = await prepareRun(abs, { tools: noTools, signal: new AbortController().signal });
  const keys = computeShotKeys(prepared.shots, 'sim');
  return { sourcePath: file, prepared, keys: new Map([...keys].map(([id, v]) => [id, v.key])), identities: new Map(prepared.shots.map((s) => [s.id, 'sim'])) };
}

const shared = '  - id: skyline\n    prompt: A city at dusk.\n';

describe('enqueueRows', () => {
  it('one unit per key across storyboards; parents first; batch shots keep each storyboard order', async () => {
    const a = await keyed('a.yaml', `version: 1\nshots:\n${shared}  - id: alley\n    prompt: An alley.\n`);
    const b = await keyed('b.yaml', `version: 1\nshots:\n  - id: rain\n    remix-of: skyline\n    prompt: With rain.\n${shared}cut:\n  shots: [skyline, rain]\n  transition: {type: crossfade, seconds: 1}\n`);
    const rows = enqueueRows([a, b]);
    expect(rows.units).toHaveLength(3);
    expect(rows.batchShots).toHaveLength(4);
    const skylineKey = a.keys.get('skyline');
    expect(b.keys.get('skyline')).toBe(skylineKey);
    const rain = rows.units.find((u) => u.key === b.keys.get('rain'))!;
    expect(rain.parentKey).toBe(skylineKey);
    expect(rows.units.findIndex((u) => u.key === skylineKey)).toBeLessThan(rows.units.indexOf(rain));
    expect(rows.estimateMicroUsd).toBe(rows.units.reduce((sum, u) => sum + u.costMicroUsd, 0));
    const planB = rows.storyboards[1]!.plan;
    expect(planB).toMatchObject({ name: 'b', sourcePath: 'b.yaml', outputFolder: 'b', cut: { transition: { type: 'crossfade', seconds: 1 } } });
    // Plan order puts the parent first; position is the storyboard's own order.
    expect(planB.shots.map((s) => [s.id, s.position, s.parentId])).toEqual([['skyline', 1, undefined], ['rain', 0, 'skyline']]);
    expect(decodeUnit(JSON.parse(JSON.stringify(rain.payload))).shot.remixOf).toBe('skyline');
  });

  it('refuses two storyboards of one name in one batch (they would write one output folder)', async () => {
    const a = await keyed('same.yaml', `version: 1\nshots:\n${shared}`);
    expect(() => enqueueRows([a, { ...a, sourcePath: 'copy/same.yaml' }])).toThrow(/same\.yaml and copy\/same\.yaml are both storyboard 'same'/);
  });

  it("carries the storyboard's provider settings and limits, never a key", async () => {
    const entry = await keyed(
      'gateway.yaml',
      `version: 1\nproviders:\n  openai:\n    base-url: https://gateway.example/v1\n    api-key-env: GATEWAY_KEY\n    rpm: 7\n    concurrency: 2\nshots:\n${shared}`,
    );
    const payload = unitPayloadOf(entry, entry.prepared.shots[0]!);
    expect(payload.providerUse).toEqual({ providers: { openai: { baseUrl: 'https://gateway.example/v1', apiKeyEnv: 'GATEWAY_KEY' } } });
    expect(payload.settings).toMatchObject({ rpm: 7, providerConcurrency: 2, countFailed: true });
    expect(payload.providerIdentity).toBe('sim');
  });
});

describe('budgetRefusal', () => {
  it('counts only what this batch brings to pay, against --max-usd and each storyboard budget', async () => {
    const a = await keyed('capped.yaml', `version: 1\nbudget:\n  max-usd: 0.5\nshots:\n${shared}  - id: alley\n    prompt: An alley.\n`);
    const rows = enqueueRows([a]);
    const all = new Set(rows.units.map((u) => u.key));
    const total = rows.units.reduce((sum, u) => sum + u.costMicroUsd, 0);
    expect(total).toBeGreaterThan(500_000);
    expect(budgetRefusal(rows, all, undefined)?.message).toMatch(/^capped\.yaml: its new shots cost \$\S+, more than its budget\.max-usd \$0\.50; nothing was enqueued$/);
    expect(budgetRefusal(rows, all, total - 1)?.message).toMatch(/more than --max-usd/);
    expect(budgetRefusal(rows, all, total - 1)?.code).toBe('BUDGET_EXCEEDED');
    // One unit already queued by another batch: it is paid there, this batch brings the other one only.
    const one = new Set([rows.units[0]!.key]);
    expect(budgetRefusal(rows, one, rows.units[0]!.costMicroUsd)).toBeUndefined();
    expect(budgetRefusal(rows, new Set(), 0)).toBeUndefined();
  });
});

describe('unitsToSend', () => {
  it('queued units with no parent or a stored parent; nothing running, stored or waiting on its parent', () => {
    expect(
      unitsToSend([
        { key: 'a', state: 'queued', parentState: null },
        { key: 'b', state: 'queued', parentState: 'stored' },
        { key: 'c', state: 'queued', parentState: 'queued' },
        { key: 'd', state: 'running', parentState: null },
        { key: 'e', state: 'stored', parentState: null },
        { key: 'f', state: 'queued', parentState: 'failed' },
      ]),
    ).toEqual(['a', 'b']);
  });
});

describe('newBatchId', () => {
  it('b-YYYYMMDD-HHMMSS-xxxx in UTC', () => {
    expect(newBatchId(new Date('2026-12-02T03:04:05.678Z'), () => '1a2b')).toBe('b-20261202-030405-1a2b');
    expect(newBatchId(new Date())).toMatch(/^b-\d{8}-\d{6}-[0-9a-f]{4}$/);
  });
});

describe('chainPriorities', () => {
  it('ranks a unit by the units derived from it, down the whole chain, so parents are taken first', () => {
    const priorities = chainPriorities([
      { key: 'a', parentKey: null },
      { key: 'b', parentKey: 'a' },
      { key: 'c', parentKey: 'b' },
      { key: 'd', parentKey: null },
      { key: 'e', parentKey: 'a' },
    ]);
    expect(Object.fromEntries(priorities)).toEqual({ a: 3, b: 1, c: 0, d: 0, e: 0 });
  });

  it('counts a parent another batch already has (absent from the rows) nowhere, and never loops', () => {
    expect(Object.fromEntries(chainPriorities([{ key: 'x', parentKey: 'elsewhere' }]))).toEqual({ x: 0 });
  });
});
