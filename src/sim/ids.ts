// Identifiers shaped like the real API's: `video_` + 32 hex characters, `char_…`, `req_…`, `evt_…`.
import { randomBytes } from 'node:crypto';

// Random, not seeded: ids must never repeat across simulator restarts, or a resumed journal would match a stranger's job.
export function newId(prefix: 'video' | 'char' | 'req' | 'evt' | 'msg'): string {
  return `${prefix}_${randomBytes(16).toString('hex')}`;
}
