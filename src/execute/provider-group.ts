// Which provider (and model) a shot runs on: the groups its per-provider and per-model limits count it in.
import type { ExecShot } from './types.js';

/** `shot.provider`, absent meaning openai (every storyboard written before providers were a choice). */
export const providerOf = (shot: Pick<ExecShot, 'provider'>): string => shot.provider ?? 'openai';

/** `<provider>:<model>`: the group a per-model concurrency (`providers.<name>.model-concurrency`) counts. */
export const modelGroupOf = (shot: Pick<ExecShot, 'provider' | 'model'>): string => `${providerOf(shot)}:${shot.model}`;
