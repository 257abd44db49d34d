// From a storyboard file to what the executor runs: load and validate, plan and price, fit each reference image to
// its shot's size (the fitted bytes are what the cache key hashes and what is sent).
import type { CatalogData } from '../catalog/types.js';
import type { ExecShot } from '../execute/types.js';
import { effectiveCapMicro, planStoryboard, type Plan, type PlannedShot } from '../plan/plan.js';
import type { FfmpegTools } from '../stitch/types.js';
import { loadStoryboard } from '../storyboard/load.js';
import { resolveCatalog } from '../storyboard/resolve-catalog.js';
import type { ReferenceFit, ShotReference, Storyboard } from '../storyboard/model.js';
import type { ReferenceImage } from '../providers/provider.js';

export interface PreparedRun {
  storyboard: Storyboard;
  catalog: CatalogData;
  plan: Plan;
  capMicroUsd: number | undefined;
  shots: ExecShot[];
  /**
   * Paid calls per minute shared by every shot: rate-limit.rpm, else the strictest catalog figure of the OpenAI-protocol
   * models used (unbounded when there are none; per-provider limits come from `providers:`).
   */
  rpm: number;
}

export interface PrepareOptions {
  maxUsd?: number | undefined;
  /** Needed only when a shot has a reference image to fit. */
  tools: () => Promise<FfmpegTools>;
  signal: AbortSignal;
  displayPath?: string | undefined;
}

/** `source`: a storyboard file, or a storyboard already loaded (and so already checked). */
export async function prepareRun(source: string | Storyboard, options: PrepareOptions): Promise<PreparedRun> {
  const storyboard = typeof source === 'string' ? await loadStoryboard(source, options.displayPath ? { displayPath: options.displayPath } : {}) : source;
  const catalog = resolveCatalog(storyboard);
  const plan = planStoryboard(storyboard, catalog);
  const shots = await Promise.all(plan.shots.map((shot) => toExecShot(shot, options)));
  return {
    storyboard,
    catalog,
    plan,
    capMicroUsd: effectiveCapMicro(storyboard.budget, options.maxUsd),
    shots,
    rpm: storyboard.rateLimit.rpm ?? strictestRpm(plan, catalog),
  };
}

async function toExecShot(shot: PlannedShot, options: PrepareOptions): Promise<ExecShot> {
  const { reference, lastFrame, references, referenceFit, ...base } = shot;
  if (!reference && !lastFrame && !references) return base;
  const { fitImage } = await import('../stitch/fit-image.js');
  const [width = 0, height = 0] = shot.size.split('x').map(Number);
  // Frames of the clip are fitted to its size; asset references are sent as they are.
  const read = async (image: ShotReference, fit: ReferenceFit): Promise<ReferenceImage> => {
    const fitted = await fitImage({ tools: await options.tools(), input: image.absPath, width, height, fit, signal: options.signal });
    return { bytes: fitted.bytes, mime: fitted.mime };
  };
  return {
    ...base,
    ...(reference ? { reference: await read(reference, referenceFit) } : {}),
    ...(lastFrame ? { lastFrame: await read(lastFrame, referenceFit) } : {}),
    ...(references ? { references: await Promise.all(references.map((image) => read(image, 'none'))) } : {}),
  };
}

/**
 * The OpenAI-protocol models' own limit (per model, per minute, as their catalog says); other providers limit
 * concurrency rather than request rates (fal queues past it), and carry their own `providers.<name>.rpm` when set.
 */
function strictestRpm(plan: Plan, catalog: CatalogData): number {
  const rpms = plan.shots.filter((shot) => (shot.provider ?? 'openai') === 'openai').map((shot) => catalog.models[shot.model]?.rpm ?? 10);
  return rpms.length === 0 ? Number.POSITIVE_INFINITY : Math.max(1, Math.min(...rpms));
}
