// `render stitch storyboard.yaml`: re-run only the final cut, contact sheet and report from cached shots.
// It never contacts a provider, so it can never pay for anything.
import { ExitCode } from '../../common/exit-codes.js';
import { createRedactor } from '../../common/redact.js';
import type { ExecuteResult, ShotResult } from '../../execute/types.js';
import type { CommandContext } from '../io.js';
import { textFlag, type StitchFlags } from './options.js';
import { finishRun } from '../pipeline/finish-run.js';
import { checkOutputFolder } from '../pipeline/output-folder.js';
import { prepareRun } from '../pipeline/prepare.js';
import { parseProviderKind, providerIdentityFor } from '../pipeline/provider.js';
import { cacheDirOf, ffmpegTools, outDirOf, storyboardArg } from '../pipeline/settings.js';
import { chooseView } from '../view/choose.js';

export async function run({ args, options, io }: CommandContext<StitchFlags>): Promise<number> {
  const file = storyboardArg(args, io.cwd);
  const redact = createRedactor([io.env.OPENAI_API_KEY]);
  const tools = ffmpegTools(io);
  const prepared = await prepareRun(file.abs, { tools, signal: io.signal, displayPath: file.shown });
  const { storyboard } = prepared;
  const choice = { kind: textFlag(options.provider), baseUrlFlag: textFlag(options.baseUrl), storyboardBaseUrl: storyboard.provider.baseUrl, env: io.env };
  const { lookupCachedClips } = await import('../../cache/lookup.js');
  const cached = await lookupCachedClips({ cacheDir: cacheDirOf(io, storyboard.dir, options.cacheDir), providerIdentity: await providerIdentityFor(choice), shots: prepared.shots });
  const shots = cached.map((clip): ShotResult =>
    clip.file
      ? { id: clip.id, status: 'completed', cache: 'hit', attempts: 0, costMicroUsd: 0, possiblyBilledMicroUsd: 0, earlierRunsMicroUsd: 0, file: clip.file, ...(clip.thumbnail ? { thumbnail: clip.thumbnail } : {}), ...(clip.entry ? { jobId: clip.entry.jobId, sha256: clip.entry.video.sha256 } : {}) }
      : { id: clip.id, status: 'skipped', cache: 'none', attempts: 0, costMicroUsd: 0, possiblyBilledMicroUsd: 0, earlierRunsMicroUsd: 0, skipReason: 'not in the cache (or damaged): run `render` to generate it' },
  );
  const missing = shots.filter((shot) => shot.status !== 'completed').map((shot) => shot.id);
  const result: ExecuteResult = {
    outcome: missing.length === 0 ? 'completed' : 'failed',
    shots,
    totals: { spentMicroUsd: 0, savedMicroUsd: 0, possiblyBilledMicroUsd: 0, earlierRunsMicroUsd: 0, earlierHeldMicroUsd: 0, reservedMicroUsd: 0, requests: 0 },
  };
  const outDir = outDirOf(io, storyboard, options.out);
  await checkOutputFolder(outDir, prepared.plan.cut.output);
  const view = await chooseView(io, Boolean(options.json), redact);
  view.start(prepared.shots.map(({ id, kind, model, size, seconds }) => ({ id, kind, model, size, seconds, costMicroUsd: 0 })));
  for (const shot of shots) {
    const at = Date.now();
    if (shot.file) view.event({ type: 'shot-cached', shot: shot.id, file: shot.file, savedMicroUsd: 0, at });
    else view.event({ type: 'shot-skipped', shot: shot.id, reason: shot.skipReason ?? 'not in the cache', at });
  }
  const { cut, summary } = await finishRun({
    prepared,
    result,
    outDir,
    file,
    provider: { kind: parseProviderKind(choice.kind), baseUrl: '' },
    stitch: missing.length === 0,
    reuseCut: false,
    skipReason: `not stitched: ${missing.join(', ')} not in the cache; run \`render ${file.shown}\` first`,
    tools: await tools(),
    view,
    signal: io.signal,
    redact,
    startedAt: new Date(),
  });
  await view.finish(summary);
  if (io.signal.aborted) return ExitCode.interrupted;
  return cut.cut ? ExitCode.ok : ExitCode.failed;
}
