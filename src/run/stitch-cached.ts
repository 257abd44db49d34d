// stitchFromCache: everything `render stitch storyboard.yaml` does. It never contacts a provider, so it can never
// pay for anything: each shot's clip is looked up in the cache (hash-verified), then the run finishes as a render
// does: publish, stitch the cut (always encoded again), contact sheet, report.
import { createRedactor } from '../common/redact.js';
import type { KeyableShot, ProviderIdentityOf } from '../cache/key.js';
import type { CachedClip } from '../cache/lookup.js';
import { systemClock } from '../execute/clock.js';
import type { ShotResult } from '../execute/types.js';
import { finishRun } from './finish.js';
import { cacheDirFor, outDirFor } from './folders.js';
import { checkOutputFolder } from './output-folder.js';
import { prepareRun } from './prepare.js';
import { parseProviderKind, providerIdentitiesFor, providerUse } from './provider.js';
import type { ShotsOutcome } from './record.js';
import { lazyFfmpeg } from './tools.js';
import type { RunEvent, RunResult, RunSink, StitchOptions } from './types.js';

const nothingSpent: ShotsOutcome['totals'] = { spentMicroUsd: 0, savedMicroUsd: 0, possiblyBilledMicroUsd: 0, earlierRunsMicroUsd: 0, earlierHeldMicroUsd: 0, reservedMicroUsd: 0, requests: 0 };

const notCached = 'not in the cache (or damaged): run `render` to generate it';

/** A cached clip as the report records it: completed from the cache, nothing paid; a missing one is skipped. */
function shotFromCache(clip: CachedClip): ShotResult {
  const unpaid = { id: clip.id, attempts: 0, costMicroUsd: 0, possiblyBilledMicroUsd: 0, earlierRunsMicroUsd: 0 };
  if (!clip.file) return { ...unpaid, status: 'skipped', cache: 'none', skipReason: notCached };
  return {
    ...unpaid,
    status: 'completed',
    cache: 'hit',
    file: clip.file,
    ...(clip.thumbnail ? { thumbnail: clip.thumbnail } : {}),
    ...(clip.entry ? { jobId: clip.entry.jobId, sha256: clip.entry.video.sha256 } : {}),
    ...(clip.entry?.probe ? { probe: clip.entry.probe } : {}),
  };
}

// Batch workers store clips in the shared cache: copy the plan's clips (each verified) into the local cache folder,
// which the stitch then reads as usual. A clip the shared cache lacks or holds damaged stays missing.
async function pullFromShared(url: string, env: Readonly<Record<string, string | undefined>>, cacheDir: string, shots: readonly KeyableShot[], identity: ProviderIdentityOf): Promise<void> {
  const [{ openSharedCache }, { computeShotKeys }, { cacheLayout }] = await Promise.all([import('../cache/shared/index.js'), import('../cache/key.js'), import('../cache/store.js')]);
  const keys = [...computeShotKeys(shots, identity).values()].map(({ key }) => key);
  await openSharedCache(url, env).pull(cacheLayout(cacheDir), keys);
}

export async function stitchFromCache(options: StitchOptions, sink: RunSink): Promise<RunResult> {
  const signal = options.signal ?? new AbortController().signal;
  const provider = options.provider ?? {};
  const redact = options.redact ?? createRedactor([provider.apiKey]);
  const tools = options.tools ?? lazyFfmpeg(process.env, signal);
  const startedAt = new Date(systemClock.now());
  const prepared = await prepareRun(options.storyboard, { tools, signal, displayPath: options.displayPath });
  const { storyboard, plan } = prepared;
  const { lookupCachedClips } = await import('../cache/lookup.js');
  const cacheDir = cacheDirFor(storyboard, options.cacheDir);
  const providerIdentity = await providerIdentitiesFor(provider, providerUse(storyboard));
  if (options.cacheUrl) await pullFromShared(options.cacheUrl, options.env ?? process.env, cacheDir, prepared.shots, providerIdentity);
  const cached = await lookupCachedClips({ cacheDir, providerIdentity, shots: prepared.shots });
  const shots = cached.map(shotFromCache);
  const missing = shots.filter((shot) => shot.status !== 'completed').map((shot) => shot.id);
  const outDir = outDirFor(storyboard, options.outDir);
  await checkOutputFolder(outDir, plan.cut.output);
  sink.start(prepared.shots.map(({ id, kind, model, size, seconds }) => ({ id, kind, model, size, seconds, costMicroUsd: 0 })));
  const events: RunEvent[] = [];
  for (const clip of cached) {
    const at = systemClock.now();
    const event: RunEvent = clip.file ? { type: 'clip-found', shot: clip.id, file: clip.file, at } : { type: 'clip-missing', shot: clip.id, reason: notCached, at };
    events.push(event);
    sink.event(event);
  }
  const shownFile = options.displayPath ?? storyboard.file;
  return finishRun({
    prepared,
    result: { outcome: missing.length === 0 ? 'completed' : 'failed', shots, totals: nothingSpent },
    outDir,
    shownFile,
    provider: { kind: parseProviderKind(provider.kind), baseUrl: '' },
    stitch: missing.length === 0,
    reuseCut: false,
    skipReason: `not stitched: ${missing.join(', ')} not in the cache; run \`render ${shownFile}\` first`,
    tools: await tools(),
    sink,
    signal,
    redact,
    startedAt,
    clock: systemClock,
    events,
  });
}
