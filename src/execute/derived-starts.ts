// Derived shots (remix-of, extend-of) start from their parent's finished job, while the parent's clip is still
// downloading and being checked. This keeps the account of that overlap: which children left early, how each parent
// ended, and what the summary says when a parent's clip failed after its child was already paid for.
// docs/executor.md "Derived shots start when the parent's job completes".
import type { ShotResult } from './types.js';

/** What an early-released child gets instead of its parent's result: the parent's finished job. */
export interface JobSource {
  kind: 'job-done';
  shotId: string;
  jobId: string;
}

export const isJobSource = (value: ShotResult | JobSource | undefined): value is JobSource => value !== undefined && 'kind' in value && value.kind === 'job-done';

export class DerivedStarts {
  readonly #final = new Map<string, ShotResult>();
  /** Child id → the source it started from before its parent's clip was settled. */
  readonly #early = new Map<string, JobSource>();

  /** A parent task ended (before the scheduler hands its result on). */
  settled(result: ShotResult): ShotResult {
    this.#final.set(result.id, result);
    return result;
  }

  finalOf(shotId: string): ShotResult | undefined {
    return this.#final.get(shotId);
  }

  startedEarly(childId: string, source: JobSource): void {
    this.#early.set(childId, source);
  }

  /** Why a child released early must not be sent after all: its parent has since ended without its clip. */
  sourceLost(parentId: string, what: string): string | undefined {
    const parent = this.#final.get(parentId);
    return parent && parent.status !== 'completed' ? `${what} '${parentId}' did not complete (${parent.status})` : undefined;
  }

  /**
   * The results as the summary shows them: a parent whose clip failed after a child had been sent from its job says
   * so (the child's money was spent and its clip is kept), and each such child says what its parent became. Pure.
   */
  annotate(results: ReadonlyMap<string, ShotResult>): { results: Map<string, ShotResult>; notes: Array<{ shot: string; message: string }> } {
    const out = new Map(results);
    const notes: Array<{ shot: string; message: string }> = [];
    const keptByParent = new Map<string, string[]>();
    for (const [childId, source] of this.#early) {
      const child = results.get(childId);
      const parent = results.get(source.shotId);
      if (!child || !parent || parent.status === 'completed' || !(child.attempts > 0 || child.jobId)) continue;
      keptByParent.set(source.shotId, [...(keptByParent.get(source.shotId) ?? []), childId]);
      const why = parent.error ? `${parent.error.code}: ${parent.error.message}` : (parent.skipReason ?? parent.status);
      const fate = child.status === 'completed' ? 'kept: it was paid for and needs only the job, not that clip' : `it ended ${child.status}`;
      notes.push({ shot: childId, message: `made from job ${source.jobId} of '${source.shotId}' as soon as it finished; '${source.shotId}' then failed after generating (${why}); ${fate}` });
    }
    for (const [parentId, children] of keptByParent) {
      const parent = out.get(parentId)!;
      const list = children.map((c) => `'${c}'`).join(', ');
      const note = `; ${children.length === 1 ? 'its derived shot' : 'its derived shots'} ${list} had already been sent from this job (paid)`;
      out.set(parentId, parent.error ? { ...parent, error: { ...parent.error, message: parent.error.message + note } } : { ...parent, skipReason: (parent.skipReason ?? parent.status) + note });
    }
    return { results: out, notes };
  }
}
