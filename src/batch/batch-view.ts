// `render batch list` and `render batch status`, pure: database rows → the --json shape (docs/batch.md; another
// helper's tests parse it, keep it exact) and the tables. A batch's `done` is judged here, at read time: open, and
// every storyboard's cut is done, failed or skipped.

export interface BatchRow {
  id: string;
  created_at: Date;
  created_by: string;
  state: string;
  cap_micro_usd: string | number | null;
  spent_micro_usd: string | number;
  held_micro_usd: string | number;
}

export interface StoryboardRow {
  name: string;
  source_path: string;
  cut_state: string;
  cut_path: string | null;
  report_path: string | null;
  cut_error: string | null;
}

export interface ShotRow {
  storyboard: string;
  shot_id: string;
  position: number;
  key: string;
  state: string;
  cost_micro_usd: string | number;
  holder: string | null;
  lease_until: Date | null;
  job_id: string | null;
  error: unknown;
}

export interface BatchJson {
  id: string;
  state: string;
  createdAt: string;
  createdBy: string;
  capUsd: number | null;
  spentUsd: number;
  heldUsd: number;
}

export interface ShotJson {
  id: string;
  key: string;
  state: string;
  costUsd: number;
  holder: string | null;
  leaseUntil: string | null;
  jobId: string | null;
  error: string | null;
}

export interface StatusJson {
  batch: BatchJson;
  storyboards: Array<{
    name: string;
    sourcePath: string;
    cut: { state: string; path: string | null; reportPath: string | null; error: string | null };
    shots: ShotJson[];
  }>;
}

export interface ListEntryJson extends BatchJson {
  storyboards: number;
  shotsDone: number;
  shotsTotal: number;
}

const usd = (micro: string | number | null): number => Number(micro ?? 0) / 1_000_000;
const finishedCuts: ReadonlySet<string> = new Set(['done', 'failed', 'skipped']);

/** 'done' once every cut is finished (the stored state stays 'open': nothing has to write it). */
export function batchState(stored: string, cutStates: readonly string[]): string {
  if (stored !== 'open') return stored;
  return cutStates.length > 0 && cutStates.every((state) => finishedCuts.has(state)) ? 'done' : 'open';
}

/** A unit's error (jsonb, written by the worker) as one line. */
export function errorText(error: unknown): string | null {
  if (error === null || error === undefined) return null;
  if (typeof error === 'string') return error;
  if (typeof error === 'object') {
    const record = error as Record<string, unknown>;
    const message = typeof record.message === 'string' ? record.message : undefined;
    const code = typeof record.code === 'string' ? record.code : undefined;
    if (message !== undefined) return code ? `${code}: ${message}` : message;
  }
  return JSON.stringify(error);
}

export function batchJson(row: BatchRow, cutStates: readonly string[]): BatchJson {
  return {
    id: row.id,
    state: batchState(row.state, cutStates),
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
    capUsd: row.cap_micro_usd === null ? null : usd(row.cap_micro_usd),
    spentUsd: usd(row.spent_micro_usd),
    heldUsd: usd(row.held_micro_usd),
  };
}

export function statusJson(batch: BatchRow, storyboards: readonly StoryboardRow[], shots: readonly ShotRow[]): StatusJson {
  return {
    batch: batchJson(batch, storyboards.map((s) => s.cut_state)),
    storyboards: storyboards.map((storyboard) => ({
      name: storyboard.name,
      sourcePath: storyboard.source_path,
      cut: { state: storyboard.cut_state, path: storyboard.cut_path, reportPath: storyboard.report_path, error: storyboard.cut_error },
      shots: shots
        .filter((shot) => shot.storyboard === storyboard.name)
        .sort((a, b) => a.position - b.position)
        .map((shot) => ({
          id: shot.shot_id,
          key: shot.key,
          state: shot.state,
          costUsd: usd(shot.cost_micro_usd),
          holder: shot.holder,
          leaseUntil: shot.lease_until === null ? null : shot.lease_until.toISOString(),
          jobId: shot.job_id,
          error: errorText(shot.error),
        })),
    })),
  };
}

/** Rows of text in aligned columns (two spaces apart); the last column is not padded. */
export function columns(rows: ReadonlyArray<readonly string[]>): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ').trimEnd()).join('\n');
}

const money = (value: number): string => `$${value.toFixed(2)}`;
const shortKey = (key: string): string => key.slice(0, 12);
/** `12:04:31Z`: a lease is minutes long, its date adds nothing. */
const clock = (iso: string | null): string => (iso === null ? '' : `${iso.slice(11, 19)}Z`);

export function formatList(entries: readonly ListEntryJson[]): string {
  if (entries.length === 0) return 'no batches yet (render enqueue FILES... records one)\n';
  const header = ['BATCH', 'CREATED', 'BY', 'STATE', 'STORYBOARDS', 'SHOTS', 'SPEND', 'CAP'];
  const rows = entries.map((b) => [
    b.id,
    `${b.createdAt.slice(0, 16).replace('T', ' ')}Z`,
    b.createdBy,
    b.state,
    String(b.storyboards),
    `${b.shotsDone}/${b.shotsTotal}`,
    b.heldUsd > 0 ? `${money(b.spentUsd)} + ${money(b.heldUsd)} held` : money(b.spentUsd),
    b.capUsd === null ? '-' : money(b.capUsd),
  ]);
  return `${columns([header, ...rows])}\n`;
}

export function formatStatus(status: StatusJson): string {
  const { batch } = status;
  const lines = [
    `batch ${batch.id}  ${batch.state}  created ${batch.createdAt} by ${batch.createdBy}`,
    `  spent ${money(batch.spentUsd)}, held ${money(batch.heldUsd)}${batch.capUsd === null ? '' : `, cap ${money(batch.capUsd)}`}`,
  ];
  for (const storyboard of status.storyboards) {
    const cut = storyboard.cut;
    const where = cut.path ?? cut.error ?? '';
    lines.push('', `${storyboard.name} (${storyboard.sourcePath})  cut: ${cut.state}${where ? ` ${where}` : ''}`);
    const header = ['SHOT', 'KEY', 'STATE', 'COST', 'HOLDER', 'LEASE', 'JOB', 'ERROR'];
    const rows = storyboard.shots.map((shot) => [shot.id, shortKey(shot.key), shot.state, money(shot.costUsd), shot.holder ?? '', clock(shot.leaseUntil), shot.jobId ?? '', shot.error ?? '']);
    lines.push(
      columns([header, ...rows])
        .split('\n')
        .map((line) => `  ${line}`)
        .join('\n'),
    );
  }
  return `${lines.join('\n')}\n`;
}
