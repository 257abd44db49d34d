// `render enqueue`'s decisions, pure: from storyboards already loaded, validated, planned and keyed to the rows a
// batch inserts (its storyboards with the plan a worker's cut needs, its units of work by cache key, and which
// shot of which storyboard is which unit). No I/O here: src/batch/enqueue.ts writes what this returns.
import { randomBytes } from 'node:crypto';
import { RenderError } from '../common/errors.js';
import { formatUsd } from '../common/money.js';
import { defaultCostMargins } from '../execute/provider-cost.js';
import type { ExecShot } from '../execute/types.js';
import { parentOf } from '../plan/plan.js';
import type { PreparedRun } from '../run/prepare.js';
import type { Cut } from '../storyboard/model.js';
import { encodeUnit, type UnitPayload, type UnitProviderUse } from './payload.js';

/** One storyboard ready to enqueue: prepared as `render plan` prepares it, each shot's cache key computed. */
export interface KeyedStoryboard {
  /** As the user gave it (shown in `render batch status`). */
  sourcePath: string;
  prepared: Pick<PreparedRun, 'storyboard' | 'plan' | 'shots' | 'rpm'>;
  /** By shot id. */
  keys: ReadonlyMap<string, string>;
  /** By shot id: the provider identity its key was computed with. */
  identities: ReadonlyMap<string, string>;
}

/** What render.storyboards.plan holds: everything the cut needs on a worker that never saw the YAML. Version 1. */
export interface StoryboardPlanJson {
  version: 1;
  name: string;
  sourcePath: string;
  sourceSha256: string;
  /** The folder under the output root the cut and report go to (a local run's out/<name>). */
  outputFolder: string;
  /** Output file name, entries (shot, trims), transition, audio, size, fit: the resolved cut. */
  cut: Cut;
  /** In plan order (parents first); `position` is the shot's place in the storyboard. */
  shots: Array<{
    id: string;
    key: string;
    position: number;
    kind: string;
    provider: string;
    model: string;
    size: string;
    seconds: number;
    clipSeconds?: number | undefined;
    parentId?: string | undefined;
    costMicroUsd: number;
  }>;
  totalMicroUsd: number;
  priceDate: string;
  priceSource: string;
  /** The storyboard's own budget.max-usd, if any (the batch's cap is on render.batches). */
  capMicroUsd?: number | undefined;
  countFailed: boolean;
}

export interface UnitRow {
  key: string;
  provider: string;
  model: string;
  parentKey: string | null;
  payload: unknown;
  costMicroUsd: number;
}

export interface BatchShotRow {
  storyboard: string;
  shotId: string;
  position: number;
  key: string;
}

export interface EnqueueRows {
  storyboards: Array<{ name: string; sourcePath: string; plan: StoryboardPlanJson }>;
  /** One per distinct key, parents before the units derived from them. */
  units: UnitRow[];
  batchShots: BatchShotRow[];
  /** What the distinct units cost if none is stored yet (the summary's estimate). */
  estimateMicroUsd: number;
}

/**
 * Each unit's number of units derived from it, directly or further down (its pg-boss priority). The shared rate limit
 * lets through so many paid calls a minute: a parent sent in the first minute lets its remix go out in the second,
 * one sent last pushes its remix a minute past everything else. Pure.
 */
export function chainPriorities(units: ReadonlyArray<Pick<UnitRow, 'key' | 'parentKey'>>): Map<string, number> {
  const parentOf = new Map(units.map((u) => [u.key, u.parentKey]));
  const priority = new Map(units.map((u) => [u.key, 0]));
  for (const unit of units) {
    const seen = new Set<string>();
    for (let up = unit.parentKey; up !== null && up !== undefined && !seen.has(up); up = parentOf.get(up) ?? null) {
      seen.add(up);
      if (priority.has(up)) priority.set(up, priority.get(up)! + 1);
    }
  }
  return priority;
}

/** `b-YYYYMMDD-HHMMSS-xxxx` in UTC: sorts by time, readable, unique enough with 16 random bits per second. */
export function newBatchId(now: Date, random: () => string = () => randomBytes(2).toString('hex')): string {
  const iso = now.toISOString();
  return `b-${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19).replaceAll(':', '')}-${random()}`;
}

const providerOf = (shot: { provider?: string | undefined }): string => shot.provider ?? 'openai';

/** The storyboard's provider settings a worker needs (no key: the name of its variable at most). */
export function providerUseOf(storyboard: KeyedStoryboard['prepared']['storyboard']): UnitProviderUse {
  const providers: UnitProviderUse['providers'] = {};
  for (const [name, settings] of Object.entries(storyboard.providers)) {
    if (settings?.baseUrl === undefined && settings?.apiKeyEnv === undefined) continue;
    providers[name] = { ...(settings.baseUrl ? { baseUrl: settings.baseUrl } : {}), ...(settings.apiKeyEnv ? { apiKeyEnv: settings.apiKeyEnv } : {}) };
  }
  const openRouterModels = storyboard.catalogs?.openrouter?.models;
  return {
    providers,
    ...(storyboard.provider.baseUrl ? { legacyBaseUrl: storyboard.provider.baseUrl } : {}),
    ...(openRouterModels ? { openRouterModels: [...openRouterModels] } : {}),
  };
}

/** The payload of one shot: its limits as a local run of this storyboard would apply them. */
export function unitPayloadOf(entry: KeyedStoryboard, shot: ExecShot): UnitPayload {
  const { storyboard, rpm } = entry.prepared;
  const provider = providerOf(shot);
  const own = storyboard.providers[provider as keyof typeof storyboard.providers];
  const costMargin = defaultCostMargins[provider];
  return {
    version: 1,
    shot,
    providerIdentity: entry.identities.get(shot.id) ?? provider,
    settings: {
      countFailed: storyboard.budget.countFailed,
      rpm: own?.rpm ?? rpm,
      providerConcurrency: own?.concurrency ?? storyboard.concurrency,
      ...(costMargin === undefined ? {} : { costMargin }),
    },
    providerUse: providerUseOf(storyboard),
  };
}

function planJsonOf(entry: KeyedStoryboard, keyOf: (id: string) => string): StoryboardPlanJson {
  const { storyboard, plan } = entry.prepared;
  const positions = new Map(storyboard.shots.map((shot, index) => [shot.id, index]));
  return {
    version: 1,
    name: storyboard.name,
    sourcePath: entry.sourcePath,
    sourceSha256: storyboard.sourceSha256,
    outputFolder: storyboard.name,
    cut: plan.cut,
    shots: plan.shots.map((shot) => ({
      id: shot.id,
      key: keyOf(shot.id),
      position: positions.get(shot.id) ?? 0,
      kind: shot.kind,
      provider: providerOf(shot),
      model: shot.model,
      size: shot.size,
      seconds: shot.seconds,
      ...(shot.clipSeconds === undefined ? {} : { clipSeconds: shot.clipSeconds }),
      ...(parentOf(shot) === undefined ? {} : { parentId: parentOf(shot) }),
      costMicroUsd: shot.costMicroUsd,
    })),
    totalMicroUsd: plan.totalMicroUsd,
    priceDate: plan.priceDate,
    priceSource: plan.priceSource,
    ...(storyboard.budget.maxUsd === undefined ? {} : { capMicroUsd: storyboard.budget.maxUsd }),
    countFailed: storyboard.budget.countFailed,
  };
}

/** The rows of one batch. Two storyboards of one name would write one output folder: refused (exit 2). */
export function enqueueRows(entries: readonly KeyedStoryboard[]): EnqueueRows {
  const seen = new Map<string, string>();
  for (const entry of entries) {
    const name = entry.prepared.storyboard.name;
    const earlier = seen.get(name);
    if (earlier !== undefined) {
      throw new RenderError('USAGE', `${earlier} and ${entry.sourcePath} are both storyboard '${name}': one batch cannot hold two cuts of one name`, {
        hint: 'give one of them another `name:` (or enqueue them in separate batches)',
      });
    }
    seen.set(name, entry.sourcePath);
  }
  const units = new Map<string, UnitRow>();
  const storyboards: EnqueueRows['storyboards'] = [];
  const batchShots: BatchShotRow[] = [];
  for (const entry of entries) {
    const keyOf = (id: string): string => {
      const key = entry.keys.get(id);
      if (key === undefined) throw new Error(`enqueue: shot '${id}' has no key`);
      return key;
    };
    const plan = planJsonOf(entry, keyOf);
    storyboards.push({ name: plan.name, sourcePath: entry.sourcePath, plan });
    for (const shot of entry.prepared.shots) {
      const key = keyOf(shot.id);
      const parent = parentOf(shot);
      // Keys hash every input, parent key included: one key is one recipe, whichever storyboard first listed it.
      if (!units.has(key)) {
        units.set(key, {
          key,
          provider: providerOf(shot),
          model: shot.model,
          parentKey: parent === undefined ? null : keyOf(parent),
          payload: encodeUnit(unitPayloadOf(entry, shot)),
          costMicroUsd: shot.costMicroUsd,
        });
      }
    }
    for (const shot of plan.shots) batchShots.push({ storyboard: plan.name, shotId: shot.id, position: shot.position, key: shot.key });
  }
  const list = [...units.values()];
  return { storyboards, units: list, batchShots, estimateMicroUsd: list.reduce((sum, unit) => sum + unit.costMicroUsd, 0) };
}

/** Which units get a shot job now: queued, and made from nothing or from a unit already stored. Pure. */
export function unitsToSend(states: ReadonlyArray<{ key: string; state: string; parentState: string | null }>): string[] {
  return states.filter((unit) => unit.state === 'queued' && (unit.parentState === null || unit.parentState === 'stored')).map((unit) => unit.key);
}

/**
 * Refuse a batch over its cap as `render plan` refuses a storyboard over its cap (BUDGET_EXCEEDED, exit 3): what
 * the batch brings to pay (its new and re-queued units; a unit another batch already queued is paid there) against
 * --max-usd, and each storyboard's share against its own budget.max-usd. Undefined when within every cap. Pure.
 */
export function budgetRefusal(rows: EnqueueRows, paying: ReadonlySet<string>, batchCapMicroUsd: number | undefined): RenderError | undefined {
  const cost = new Map(rows.units.map((unit) => [unit.key, unit.costMicroUsd]));
  const sum = (keys: Iterable<string>) => [...new Set(keys)].filter((key) => paying.has(key)).reduce((total, key) => total + (cost.get(key) ?? 0), 0);
  const hint = 'raise the cap, or enqueue fewer or shorter shots';
  const total = sum(rows.units.map((unit) => unit.key));
  if (batchCapMicroUsd !== undefined && total > batchCapMicroUsd) {
    return new RenderError('BUDGET_EXCEEDED', `the batch's new shots cost ${formatUsd(total)}, more than --max-usd ${formatUsd(batchCapMicroUsd)}; nothing was enqueued`, { hint });
  }
  for (const storyboard of rows.storyboards) {
    const cap = storyboard.plan.capMicroUsd;
    const own = sum(storyboard.plan.shots.map((shot) => shot.key));
    if (cap !== undefined && own > cap) {
      return new RenderError('BUDGET_EXCEEDED', `${storyboard.sourcePath}: its new shots cost ${formatUsd(own)}, more than its budget.max-usd ${formatUsd(cap)}; nothing was enqueued`, { hint });
    }
  }
  return undefined;
}
