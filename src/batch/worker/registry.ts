// This worker's row in render.workers: who it is, when it was last seen (renewed with its leases), when it stopped,
// so `render batch status` can tell a live holder from a gone one.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { BatchDatabase } from '../db/connect.js';

/** `${hostname}-${pid}-${random4}`: readable in `render batch status`, unique across restarts of one pid. */
export function newWorkerId(host: string = hostname(), pid: number = process.pid, random: () => string = () => randomBytes(2).toString('hex')): string {
  return `${host}-${pid}-${random()}`;
}

export async function registerWorker(db: BatchDatabase, id: string, host: string = hostname(), pid: number = process.pid): Promise<void> {
  await db.pool.query(`INSERT INTO render.workers (id, host, pid) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET seen_at = now(), stopped_at = NULL`, [id, host, pid]);
}

export async function workerSeen(db: BatchDatabase, id: string): Promise<void> {
  await db.pool.query(`UPDATE render.workers SET seen_at = now() WHERE id = $1`, [id]);
}

export async function workerStopped(db: BatchDatabase, id: string): Promise<void> {
  await db.pool.query(`UPDATE render.workers SET seen_at = now(), stopped_at = now() WHERE id = $1`, [id]);
}
