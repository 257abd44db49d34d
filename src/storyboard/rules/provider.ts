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
