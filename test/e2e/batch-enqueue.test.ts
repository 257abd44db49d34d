// `render enqueue` and `render batch` as a user runs them, against a real PostgreSQL: a shot two storyboards share
// is one unit with one queue job, enqueuing again queues nothing twice, an invalid file enqueues nothing, the
// batch views read what the database holds, and a database that cannot be reached is a clear error without its
// password.
import { chmodSync, cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeUnit } from '../../src/batch/payload.js';
import { computeShotKeys } from '../../src/cache/key.js';
import { runCli } from '../support/cli.js';
import { unusedLoopbackPort } from '../support/ports.js';
import { startPostgres, type TestPostgres } from '../support/postgres.js';

let server: TestPostgres;
let temp: string;
let url: string;
let pool: pg.Pool;

const shared = '  - id: skyline\n    prompt: Wide aerial shot of a city at dusk, rain on the streets.\n';
const storyboards = {
  'campaign-a.yaml': `version: 1\nshots:\n${shared}  - id: alley\n    prompt: A narrow alley, neon signs flicker.\n`,
  'campaign-b.yaml': `version: 1\nshots:\n${shared}  - id: skyline-rain\n    remix-of: skyline\n    prompt: Same shot, with heavy rain.\n`,
  'fresh.yaml': 'version: 1\nshots:\n  - id: harbour\n    prompt: A harbour at dawn, gulls over the boats.\n',
  'broken.yaml': 'version: 1\nshots:\n  - id: x\n    prompt: fine\n    seconds: 7\n',
};

beforeAll(async () => {
  server = await startPostgres();
  url = await server.newDatabase();
  pool = new pg.Pool({ connectionString: url });
  // The server stops at the end of the file: an idle client's error then must not fail the run.
  pool.on('error', () => undefined);
  temp = mkdtempSync(path.join(tmpdir(), 'sbr-enqueue-'));
  chmodSync(temp, 0o755);
  for (const [name, text] of Object.entries(storyboards)) writeFileSync(path.join(temp, name), text);
}, 120_000);
afterAll(async () => {
  await pool?.end();
  await server?.stop();
  if (temp) rmSync(temp, { recursive: true, force: true });
});

const render = (args: string[], env: Record<string, string | undefined> = {}) => runCli(args, { cwd: temp, env: { DATABASE_URL: url, ...env } });
const count = async (sql: string, params: unknown[] = []): Promise<number> => Number((await pool.query<{ n: string }>(sql, params)).rows[0]?.n);
const shotJobs = () => count("SELECT count(*) AS n FROM pgboss.job WHERE name = 'render-shots'");

interface Summary {
  batch: string;
  shots: number;
  units: number;
  newUnits: number;
  existingUnits: Record<string, number>;
  jobsSent: number;
  jobsAlreadyQueued: number;
  estimatedUsd: number;
  capUsd: number | null;
}

describe('render enqueue', () => {
  let first: Summary;
  let second: Summary;

  it('makes one unit of a shot two storyboards share, and queues only what can start', async () => {
    const result = await render(['enqueue', 'campaign-a.yaml', 'campaign-b.yaml', '--provider', 'sim', '--max-usd', '10', '--json']);
    expect(result.code, result.stderr).toBe(0);
    first = JSON.parse(result.stdout) as Summary;
    expect(first.batch).toMatch(/^b-\d{8}-\d{6}-[0-9a-f]{4}$/);
    expect(first).toMatchObject({ shots: 4, units: 3, newUnits: 3, existingUnits: {}, capUsd: 10 });
    // The remix waits for its parent: two jobs now (skyline, alley), the worker sends the third.
    expect(first.jobsSent).toBe(2);
    expect(first.estimatedUsd).toBeGreaterThan(0);
    expect(await count('SELECT count(*) AS n FROM render.units')).toBe(3);
    expect(await count('SELECT count(*) AS n FROM render.batch_shots WHERE batch_id = $1', [first.batch])).toBe(4);
    expect(await shotJobs()).toBe(2);
    // A job is a pointer to its unit, one per key.
    const jobs = await pool.query<{ data: { key: string }; singleton_key: string }>("SELECT data, singleton_key FROM pgboss.job WHERE name = 'render-shots'");
    const queuedKeys = await pool.query<{ key: string }>("SELECT bs.key FROM render.batch_shots bs WHERE bs.batch_id = $1 AND bs.shot_id IN ('skyline', 'alley') ORDER BY bs.key", [first.batch]);
    const unique = [...new Set(queuedKeys.rows.map((r) => r.key))].sort();
    expect(jobs.rows.map((j) => j.data.key).sort()).toEqual(unique);
    expect(jobs.rows.map((j) => j.singleton_key).sort()).toEqual(unique);
    const { rows } = await pool.query<{ shot_id: string; key: string }>('SELECT shot_id, key FROM render.batch_shots WHERE batch_id = $1 AND shot_id = $2', [first.batch, 'skyline']);
    expect(new Set(rows.map((r) => r.key)).size).toBe(1);
    const remix = await pool.query<{ parent_key: string | null }>("SELECT u.parent_key FROM render.units u JOIN render.batch_shots bs ON bs.key = u.key WHERE bs.shot_id = 'skyline-rain'");
    expect(remix.rows[0]?.parent_key).toBe(rows[0]?.key);
  });

  it('stores the plan a worker needs for the cut', async () => {
    const { rows } = await pool.query<{ name: string; plan: { outputFolder: string; cut: { output: string; entries: unknown[] }; shots: Array<{ id: string; key: string; position: number }> } }>(
      'SELECT name, plan FROM render.storyboards WHERE batch_id = $1 ORDER BY name',
      [first.batch],
    );
    expect(rows.map((r) => r.name)).toEqual(['campaign-a', 'campaign-b']);
    expect(rows[1]!.plan.outputFolder).toBe('campaign-b');
    expect(rows[1]!.plan.cut.entries.length).toBe(2);
    expect(rows[1]!.plan.shots.map((s) => [s.id, s.position])).toEqual([['skyline', 0], ['skyline-rain', 1]]);
  });

  it('enqueued again: a new batch, no new unit, no second job', async () => {
    const result = await render(['enqueue', 'campaign-a.yaml', 'campaign-b.yaml', '--provider', 'sim']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^batch b-\d{8}-\d{6}-[0-9a-f]{4}$/m);
    expect(result.stdout).toMatch(/new units: 0; already in another batch: 3 queued/);
    expect(result.stdout).toMatch(/shot jobs sent: 0 \(2 already queued\)/);
    second = { batch: /^batch (\S+)$/m.exec(result.stdout)![1]! } as Summary;
    expect(await count('SELECT count(*) AS n FROM render.units')).toBe(3);
    expect(await count('SELECT count(*) AS n FROM render.batches')).toBe(2);
    expect(await shotJobs()).toBe(2);
  });

  it('an invalid file: the errors and exit code of render plan, and nothing enqueued', async () => {
    const validate = await render(['validate', 'broken.yaml']);
    const plan = await render(['plan', 'broken.yaml']);
    const result = await render(['enqueue', 'campaign-a.yaml', 'broken.yaml', '--provider', 'sim']);
    expect(validate.code).toBe(2);
    expect(result.code).toBe(validate.code);
    expect(result.stderr).toContain(plan.stderr.trim().split('\n')[0]!);
    expect(result.stdout).toBe('');
    expect(await count('SELECT count(*) AS n FROM render.batches')).toBe(2);
    expect(await shotJobs()).toBe(2);
  });

  it('over --max-usd: exit 3 as render plan over its cap, and nothing enqueued', async () => {
    const result = await render(['enqueue', 'fresh.yaml', 'campaign-a.yaml', '--provider', 'sim', '--max-usd', '0.01']);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/the batch's new shots cost \$\S+, more than --max-usd \$0\.01; nothing was enqueued\n {2}hint: raise the cap/);
    expect(await count('SELECT count(*) AS n FROM render.batches')).toBe(2);
    expect(await count('SELECT count(*) AS n FROM render.units')).toBe(3);
    // Already queued by the first batch, the shots cost this batch nothing: within any cap.
    const again = await render(['enqueue', 'campaign-a.yaml', '--provider', 'sim', '--max-usd', '0', '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ newUnits: 0, estimatedUsd: 0, capUsd: 0 });
    await pool.query('DELETE FROM render.batches WHERE id = $1', [(JSON.parse(again.stdout) as Summary).batch]);
  });

  it('without a database: a usage error that says how to set one', async () => {
    const result = await render(['enqueue', 'campaign-a.yaml'], { DATABASE_URL: undefined });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/neither --database-url nor DATABASE_URL is set\n {2}hint: export DATABASE_URL=postgres:\/\/HOST:PORT\/DATABASE with the user/);
    expect(result.stderr).not.toContain('[redacted]');
  });

  it('an unreachable database: exit 1, the URL shown without its password', async () => {
    const port = await unusedLoopbackPort();
    const result = await render(['enqueue', 'campaign-a.yaml', '--provider', 'sim', '--database-url', `postgres://render:s3cret-pw@127.0.0.1:${port}/render`]);
    expect(result.code).toBe(1);
    // The URL's user information is masked (the CLI's redactor blanks it whole).
    expect(result.stderr).toMatch(new RegExp(`^cannot use the batch database postgres://\\S*@127\\.0\\.0\\.1:${port}/render: connect ECONNREFUSED`, 'm'));
    expect(result.stderr).not.toContain('s3cret-pw');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  describe('render batch', () => {
    it('list: one row per batch, newest first, as a table and --json', async () => {
      const text = await render(['batch', 'list']);
      expect(text.code, text.stderr).toBe(0);
      expect(text.stdout).toMatch(/^BATCH +CREATED +BY +STATE +STORYBOARDS +SHOTS +SPEND +CAP$/m);
      expect(text.stdout).toMatch(new RegExp(`^${first.batch} +\\S+ \\S+Z +\\S+ +open +2 +0/4 +\\$0\\.00 +\\$10\\.00$`, 'm'));
      const json = JSON.parse((await render(['batch', 'list', '--json'])).stdout) as { batches: Array<Record<string, unknown>> };
      expect(json.batches.map((b) => b.id)).toEqual([second.batch, first.batch]);
      expect(Object.keys(json.batches[1]!).sort()).toEqual(['capUsd', 'createdAt', 'createdBy', 'heldUsd', 'id', 'shotsDone', 'shotsTotal', 'spentUsd', 'state', 'storyboards']);
      expect(json.batches[1]).toMatchObject({ state: 'open', storyboards: 2, shotsDone: 0, shotsTotal: 4, spentUsd: 0, heldUsd: 0, capUsd: 10 });
    });

    it('status: per storyboard and shot, in the documented --json shape; newest batch by default', async () => {
      const result = await render(['batch', 'status', first.batch, '--json']);
      expect(result.code, result.stderr).toBe(0);
      const status = JSON.parse(result.stdout) as { batch: Record<string, unknown>; storyboards: Array<Record<string, unknown> & { cut: Record<string, unknown>; shots: Array<Record<string, unknown>> }> };
      expect(Object.keys(status).sort()).toEqual(['batch', 'storyboards']);
      expect(Object.keys(status.batch).sort()).toEqual(['capUsd', 'createdAt', 'createdBy', 'heldUsd', 'id', 'spentUsd', 'state']);
      expect(status.storyboards.map((s) => [s.name, s.sourcePath])).toEqual([['campaign-a', 'campaign-a.yaml'], ['campaign-b', 'campaign-b.yaml']]);
      expect(status.storyboards[0]!.cut).toEqual({ state: 'waiting', path: null, reportPath: null, error: null });
      const shot = status.storyboards[1]!.shots[1]!;
      expect(Object.keys(shot).sort()).toEqual(['costUsd', 'error', 'holder', 'id', 'jobId', 'key', 'leaseUntil', 'state']);
      expect(shot).toMatchObject({ id: 'skyline-rain', state: 'queued', costUsd: 0, holder: null, jobId: null, error: null });
      expect(shot.key).toMatch(/^[0-9a-f]{64}$/);

      const text = await render(['batch', 'status']);
      expect(text.code, text.stderr).toBe(0);
      expect(text.stdout).toMatch(new RegExp(`^batch ${second.batch} +open +created `, 'm'));
      expect(text.stdout).toMatch(/^campaign-b \(campaign-b\.yaml\) +cut: waiting$/m);
      expect(text.stdout).toMatch(/^ {2}skyline-rain +[0-9a-f]{12} +queued +\$0\.00$/m);
    });

    it('status of a batch that does not exist: BATCH_UNKNOWN, exit 2', async () => {
      const result = await render(['batch', 'status', 'b-19990101-000000-0000']);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/no batch 'b-19990101-000000-0000'/);
    });

    it('a batch is done once every cut is finished (judged when read)', async () => {
      const { rows } = await pool.query<{ id: string }>("INSERT INTO render.batches (id, created_by) VALUES ('b-20000101-000000-done', 'test') RETURNING id");
      await pool.query("INSERT INTO render.storyboards (batch_id, name, source_path, plan, cut_state) VALUES ($1, 's', 's.yaml', '{}', 'done'), ($1, 't', 't.yaml', '{}', 'skipped')", [rows[0]!.id]);
      const status = JSON.parse((await render(['batch', 'status', 'b-20000101-000000-done', '--json'])).stdout) as { batch: { state: string } };
      expect(status.batch.state).toBe('done');
      await pool.query("UPDATE render.storyboards SET cut_state = 'stitching' WHERE name = 't'");
      const again = JSON.parse((await render(['batch', 'status', 'b-20000101-000000-done', '--json'])).stdout) as { batch: { state: string } };
      expect(again.batch.state).toBe('open');
    });

    it('cancel: units another open batch uses stay queued; the last batch cancelled cancels them', async () => {
      const kept = await render(['batch', 'cancel', second.batch, '--json']);
      expect(kept.code, kept.stderr).toBe(0);
      expect(JSON.parse(kept.stdout)).toMatchObject({ batch: second.batch, cancelledUnits: 0, keptUnits: 3, runningUnits: 0, skippedCuts: 2 });
      expect(await count("SELECT count(*) AS n FROM render.units WHERE state = 'queued'")).toBe(3);
      // One unit running on a worker: it finishes.
      await pool.query("UPDATE render.units SET state = 'running', holder = 'host-1-abcd', lease_until = now() + interval '30 seconds' WHERE key = (SELECT key FROM render.batch_shots WHERE shot_id = 'alley' LIMIT 1)");
      const text = await render(['batch', 'cancel', first.batch]);
      expect(text.code, text.stderr).toBe(0);
      expect(text.stdout).toContain(`cancelled batch ${first.batch}: 2 queued units cancelled, 1 running units will finish`);
      expect(await count("SELECT count(*) AS n FROM render.units WHERE state = 'cancelled'")).toBe(2);
      const status = JSON.parse((await render(['batch', 'status', first.batch, '--json'])).stdout) as { batch: { state: string }; storyboards: Array<{ cut: { state: string } }> };
      expect(status.batch.state).toBe('cancelled');
      expect(status.storyboards.map((s) => s.cut.state)).toEqual(['skipped', 'skipped']);
      expect((await render(['batch', 'cancel', first.batch])).stdout).toBe(`batch ${first.batch} was already cancelled\n`);
    });

    it('enqueued after a cancel: the cancelled units are queued again, with no second job for a key pg-boss still holds', async () => {
      const result = await render(['enqueue', 'campaign-a.yaml', 'campaign-b.yaml', '--provider', 'sim', '--json']);
      expect(result.code, result.stderr).toBe(0);
      const summary = JSON.parse(result.stdout) as Summary & { requeuedUnits: number };
      expect(summary).toMatchObject({ newUnits: 0, requeuedUnits: 2, existingUnits: { running: 1 } });
      expect(await shotJobs()).toBe(2);
    });

    it('caps: set per day and per provider, shown as a table and --json', async () => {
      const none = await render(['batch', 'caps']);
      expect(none.stdout).toMatch(/^no org caps set/);
      const set = await render(['batch', 'caps', '--per-day', '150', '--provider', 'fal=20', '--provider', 'runway=5.5']);
      expect(set.code, set.stderr).toBe(0);
      expect(set.stdout).toMatch(/^SCOPE +CAP +USED TODAY \(UTC\)\nday +\$150\.00 +\$0\.00\nprovider:fal +\$20\.00 +\$0\.00\nprovider:runway +\$5\.50 +\$0\.00\n$/);
      await pool.query("INSERT INTO render.holds (intent_id, key, batch_id, provider, day, amount_micro_usd, state, worker) VALUES ('i1', 'k', $1, 'fal', (now() AT TIME ZONE 'UTC')::date, 2500000, 'held', 'w')", [first.batch]);
      const json = JSON.parse((await render(['batch', 'caps', '--per-day', '100', '--json'])).stdout) as { caps: Array<{ scope: string; capUsd: number; usedTodayUsd: number; setAt: string }> };
      expect(json.caps.map((c) => [c.scope, c.capUsd, c.usedTodayUsd])).toEqual([['day', 100, 2.5], ['provider:fal', 20, 2.5], ['provider:runway', 5.5, 0]]);
      const status = JSON.parse((await render(['batch', 'status', first.batch, '--json'])).stdout) as { batch: { heldUsd: number; spentUsd: number } };
      expect(status.batch).toMatchObject({ heldUsd: 2.5, spentUsd: 0 });
      const bad = await render(['batch', 'caps', '--provider', 'fal']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/--provider must be NAME=USD/);
    });
  });
});

describe('reference images', () => {
  it("travel in the payload byte for byte: a worker's shot hashes to the unit's key", async () => {
    const db = await server.newDatabase();
    cpSync(new URL('../fixtures/storyboards/good/', import.meta.url), path.join(temp, 'good'), { recursive: true });
    const result = await runCli(['enqueue', 'good/references.yaml', '--provider', 'sim', '--database-url', db], { cwd: temp });
    expect(result.code, result.stderr).toBe(0);
    const other = new pg.Pool({ connectionString: db });
    try {
      const { rows } = await other.query<{ key: string; payload: unknown }>('SELECT key, payload FROM render.units');
      // Two shots share frame.png but not their prompt: five units.
      expect(rows).toHaveLength(5);
      for (const row of rows) {
        const unit = decodeUnit(row.payload);
        expect(unit.shot.reference?.bytes.length).toBeGreaterThan(0);
        expect(computeShotKeys([unit.shot], unit.providerIdentity).get(unit.shot.id)?.key).toBe(row.key);
      }
    } finally {
      await other.end();
    }
  });
});

describe('help', () => {
  it('render --help lists enqueue and batch; render enqueue --help explains it', async () => {
    const help = await runCli(['--help']);
    expect(help.stdout).toMatch(/^ {2}enqueue <\.\.\.files> +Validate and plan storyboards/m);
    expect(help.stdout).toMatch(/^ {2}batch <action> \[batch\] +Batches on the database/m);
    expect(help.stdout).toMatch(/^ {2}DATABASE_URL +the batch database/m);
    const enqueue = await runCli(['enqueue', '--help']);
    expect(enqueue.code).toBe(0);
    expect(enqueue.stdout).toContain('--database-url <url>');
    expect(enqueue.stdout).toContain('render enqueue storyboards/*.yaml --database-url');
  });
});
