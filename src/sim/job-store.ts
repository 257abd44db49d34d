// All jobs in creation order, with look-up by id and the cursor pagination of GET /videos.
import { invalidRequest } from './http/api-error.js';
import type { JobProtocol, JobRecord } from './job.js';

export interface ListQuery {
  limit: number;
  order: 'asc' | 'desc';
  after?: string;
  /** Jobs created after this instant are not listed yet (eventual consistency of the list). */
  visibleBeforeMs: number;
}

export interface ListPage {
  jobs: JobRecord[];
  hasMore: boolean;
}

export class JobStore {
  readonly #byId = new Map<string, JobRecord>();
  readonly #ordered: JobRecord[] = [];

  add(job: JobRecord): void {
    this.#byId.set(job.id, job);
    this.#ordered.push(job);
  }

  /** A live (not deleted) job of one protocol face. */
  get(id: string, protocol: JobProtocol = 'openai'): JobRecord | undefined {
    const job = this.#byId.get(id);
    return job && job.deletedAtMs === undefined && (job.protocol ?? 'openai') === protocol ? job : undefined;
  }

  /** Every job ever created, deleted ones included, in creation order. */
  all(): readonly JobRecord[] {
    return this.#ordered;
  }

  get size(): number {
    return this.#ordered.length;
  }

  list(query: ListQuery): ListPage {
    const visible = this.#ordered.filter((job) => job.deletedAtMs === undefined && job.protocol === undefined && job.createdAtMs <= query.visibleBeforeMs);
    const sorted = query.order === 'asc' ? visible : [...visible].reverse();
    let start = 0;
    if (query.after !== undefined) {
      const cursor = this.#byId.get(query.after);
      if (!cursor) throw invalidRequest(`Invalid 'after': no video with id '${query.after}'.`, 'after', 'invalid_value');
      // A cursor that was deleted or is not visible yet still marks a position in creation order.
      start = sorted.findIndex((job) => (query.order === 'asc' ? job.seq > cursor.seq : job.seq < cursor.seq));
      if (start < 0) start = sorted.length;
    }
    const jobs = sorted.slice(start, start + query.limit);
    return { jobs, hasMore: start + query.limit < sorted.length };
  }
}
