// What every part of one worker process shares: its id, the database, the queue, the shared cache, its local
// staging cache, how it builds a provider, ffmpeg, and where it says what it does.
import type { LimitFunction } from 'p-limit';
import type { PgBoss } from 'pg-boss';
import type { SharedCache } from '../../cache/shared/index.js';
import type { CacheLayout } from '../../cache/store.js';
import type { Clock } from '../../execute/clock.js';
import type { ProviderHandle, ProviderUse } from '../../run/provider.js';
import type { FfmpegTools } from '../../stitch/types.js';
import type { BatchDatabase } from '../db/connect.js';
import type { SharedInflight } from '../stores/index.js';

export interface WorkerContext {
  workerId: string;
  db: BatchDatabase;
  boss: PgBoss;
  cache: SharedCache;
  /** The local staging cache: pulled before a run, pushed after it. */
  layout: CacheLayout;
  /** Scratch space for cuts (a folder per cut, removed after it is published). */
  workDir: string;
  openProvider: (use: ProviderUse) => Promise<ProviderHandle>;
  inflight: SharedInflight;
  tools: () => Promise<FfmpegTools>;
  /** Clip checks (ffmpeg children) at once in this process, whatever the number of units: one per core. */
  checks: LimitFunction;
  clock: Clock;
  redact: (text: string) => string;
  /** Poll floor for jobs (tests and the simulator), as RENDER_POLL_MIN_MS does for `render`. */
  pollMinMs?: number | undefined;
  reconcileWindowMs?: number | undefined;
  log: (line: string) => void;
}
