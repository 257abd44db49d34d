// Which provider a shot runs on: the group its per-provider limits (concurrency, rpm) count it in.
import type { ExecShot } from './types.js';

/** `shot.provider`, absent meaning openai (every storyboard written before providers were a choice). */
export const providerOf = (shot: Pick<ExecShot, 'provider'>): string => shot.provider ?? 'openai';
