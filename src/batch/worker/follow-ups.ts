// After a unit ended: its children can start (stored) or never will (failed, unknown), and every storyboard whose
// last shot this was gets its cut job. Sends are idempotent (singleton keys), so a repeat after a crash is harmless.
import type { PgBoss } from 'pg-boss';
import { sendShotJobs } from '../enqueue.js';
import { cutQueue } from '../queue-names.js';
import type { WorkerContext } from './context.js';
import { storyboardShots, storyboardsUsing, type StoryboardRef } from './cut-db.js';
import { cutDecision, type UnitEnd } from './decide.js';
import { failDescendants, queuedChildren } from './units-db.js';

/** The cut job of one storyboard of one batch (one at a time: singleton key `batch/storyboard`). */
export async function sendCutJob(boss: PgBoss, ref: StoryboardRef): Promise<void> {
  await boss.send(cutQueue, { batchId: ref.batchId, storyboard: ref.name }, { singletonKey: `${ref.batchId}/${ref.name}` });
}

export async function afterUnit(ctx: WorkerContext, key: string, end: Exclude<UnitEnd, { state: 'released' }>): Promise<void> {
  const ended = [key];
  if (end.state === 'stored') {
    await sendShotJobs(ctx.boss, await queuedChildren(ctx.db, key));
  } else {
    ended.push(...(await failDescendants(ctx.db, key, `its parent ${key.slice(0, 12)} ended ${end.state}: ${end.error.message}`)));
  }
  const refs = new Map<string, StoryboardRef>();
  for (const k of ended) for (const ref of await storyboardsUsing(ctx.db, k)) refs.set(`${ref.batchId}/${ref.name}`, ref);
  for (const ref of refs.values()) {
    if (cutDecision(await storyboardShots(ctx.db, ref)).kind !== 'wait') await sendCutJob(ctx.boss, ref);
  }
}
