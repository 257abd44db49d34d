// Starts a job's media in the background at creation, so it is on disk before the job may read `completed`.
import type { SimState } from './context.js';
import type { JobRecord } from './job.js';

/** Who is told when the job may have become terminal: the face's webhook notifier. */
export interface JobWatcher {
  watch(job: JobRecord): void;
  check(job: JobRecord): void;
}

export function startRender(sim: SimState, job: JobRecord, watcher: JobWatcher = sim.webhooks): void {
  watcher.watch(job);
  if (job.failure) return;
  const render = sim.media
    .clip({ prompt: job.prompt, size: job.size, seconds: job.seconds })
    .then(
      () => {
        job.mediaReadyAtMs = sim.clock.now();
      },
      (error: unknown) => {
        // A render that could not happen fails the job visibly instead of leaving it in_progress forever.
        const reason = error instanceof Error ? error.message : String(error);
        job.failure = { code: 'video_generation_failed', message: `The simulator could not render this video: ${reason}`, atFraction: 1 };
      },
    )
    .finally(() => {
      sim.renders.delete(render);
      watcher.check(job);
    });
  sim.renders.add(render);
}
