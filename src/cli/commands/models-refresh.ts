// `render models --refresh openrouter [--out FILE]`: read OpenRouter's public `GET /videos/models` and write a dated
// catalog file (`{provider, fetchedAt, source, models, skipped}`, price keys as OpenRouter sends them) that a
// storyboard names in `providers.openrouter.catalog`. The only networked part of `render models`.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { baseUrlProblem } from '../../common/base-url-check.js';
import { writeFileAtomic } from '../../common/durable-fs.js';
import { RenderError, type ErrorCode } from '../../common/errors.js';
import { rethrowAsFsError } from '../../common/fs-errors.js';
import { createRedactor } from '../../common/redact.js';
import { openRouterCatalogFile } from '../../catalog/openrouter-catalog-file.js';
import { fetchOpenRouterVideoModels, openRouterDefaultBaseUrl } from '../../providers/openrouter/index.js';
import { ProviderError } from '../../providers/provider.js';
import type { CliIo } from '../io.js';

const refreshable = ['openrouter'] as const;

export interface RefreshResult {
  file: string;
  models: number;
  skipped: number;
  fetchedAt: string;
}

function codeOf(error: ProviderError): ErrorCode {
  if (error.kind === 'unreachable' || error.kind === 'transport') return 'UNREACHABLE';
  if (error.kind === 'auth') return 'AUTH';
  if (error.kind === 'rate-limited') return 'RATE_LIMITED';
  return 'REJECTED';
}

/** Fetch the listing and write the file; `out` is relative to the working folder (default: a dated name there). */
export async function refreshCatalog(provider: string, out: string | undefined, io: CliIo): Promise<RefreshResult> {
  if (!refreshable.includes(provider as (typeof refreshable)[number])) {
    throw new RenderError('USAGE', `cannot refresh the catalog of '${provider}'`, { hint: 'use --refresh openrouter (the other catalogs are built in)' });
  }
  const baseURL = io.env.RENDER_OPENROUTER_BASE_URL?.trim() || openRouterDefaultBaseUrl;
  const problem = baseUrlProblem(baseURL, 'RENDER_OPENROUTER_BASE_URL');
  if (problem) throw new RenderError(problem.code, problem.message, problem.hint ? { hint: problem.hint } : {});
  // The listing is public; a key is sent when one is set, as the SDK does.
  const apiKey = io.env.OPENROUTER_API_KEY || undefined;
  const redact = createRedactor([apiKey]);
  const data = await fetchOpenRouterVideoModels({ baseURL, apiKey, signal: io.signal }).catch((error: unknown) => {
    if (!(error instanceof ProviderError)) throw error;
    throw new RenderError(codeOf(error), redact(`cannot read ${baseURL.replace(/\/+$/, '')}/videos/models: ${error.message}`));
  });
  const document = openRouterCatalogFile(data, `GET ${baseURL.replace(/\/+$/, '')}/videos/models`);
  const file = path.resolve(io.cwd, out ?? `openrouter-catalog-${data.fetchedAt.slice(0, 10)}.json`);
  await mkdir(path.dirname(file), { recursive: true }).catch(rethrowAsFsError('cannot make the catalog folder', path.dirname(file)));
  await writeFileAtomic(file, `${JSON.stringify(document, null, 2)}\n`, path.dirname(file)).catch(rethrowAsFsError('cannot write the catalog file', file));
  return { file, models: document.models.length, skipped: document.skipped.length, fetchedAt: document.fetchedAt };
}
