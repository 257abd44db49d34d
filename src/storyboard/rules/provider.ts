// Rule: provider.base-url is an http(s) URL without credentials (the key belongs in the environment, never in a
// file that is committed to git).
import { baseUrlProblem } from '../../common/base-url-check.js';
import type { StoryboardDraft } from '../draft.js';
import type { ProblemList } from '../problems.js';

export function checkProvider(draft: StoryboardDraft, problems: ProblemList): void {
  const url = draft.provider.baseUrl;
  if (url === undefined) return;
  const problem = baseUrlProblem(url.trim(), 'provider.base-url');
  if (problem) problems.at(['provider', 'base-url'], problem.code, problem.message, problem.hint ? { hint: problem.hint } : {});
}

/** Every `providers.<name>.base-url` passes the same check as provider.base-url. */
export function checkProviders(draft: StoryboardDraft, problems: ProblemList): void {
  for (const [name, settings] of Object.entries(draft.providers)) {
    const url = settings?.baseUrl;
    if (url === undefined) continue;
    const problem = baseUrlProblem(url.trim(), `providers.${name}.base-url`);
    if (problem) problems.at(['providers', name, 'base-url'], problem.code, problem.message, problem.hint ? { hint: problem.hint } : {});
  }
}
