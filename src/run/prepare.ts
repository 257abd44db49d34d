// From a storyboard file to what the executor runs: load and validate, plan and price, fit each reference image to
// its shot's size (the fitted bytes are what the cache key hashes and what is sent).
import type { CatalogData } from '../catalog/types.js';
import type { ExecShot } from '../execute/types.js';
import { effectiveCapMicro, planStoryboard, type Plan, type PlannedShot } from '../plan/plan.js';
import type { FfmpegTools } from '../stitch/types.js';
import { loadStoryboard } from '../storyboard/load.js';
import { resolveCatalog } from '../storyboard/resolve-catalog.js';
import type { Storyboard } from '../storyboard/model.js';

export interface PreparedRun {
  storyboard: Storyboard;
  catalog: CatalogData;
  plan: Plan;
  capMicroUsd: number | undefined;
  shots: ExecShot[];
  /** Requests per minute shared by every call: rate-limit.rpm, else the strictest catalog figure of the models used. */
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
  const { reference, referenceFit, ...base } = shot;
  if (!reference) return base;
  const { fitImage } = await import('../stitch/fit-image.js');
  const [width = 0, height = 0] = shot.size.split('x').map(Number);
  const fitted = await fitImage({
    tools: await options.tools(),
    input: reference.absPath,
    width,
    height,
    fit: referenceFit,
    signal: options.signal,
  });
  return { ...base, reference: { bytes: fitted.bytes, mime: fitted.mime } };
}

function strictestRpm(plan: Plan, catalog: CatalogData): number {
  const rpms = plan.shots.map((shot) => catalog.models[shot.model]?.rpm ?? 10);
  return Math.max(1, Math.min(...rpms));
}
