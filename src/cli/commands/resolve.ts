// `render resolve FILE`: list the paid calls whose outcome is unknown, or settle one by hand: `--job ID` attaches a
// job found in the provider's dashboard (checked against the shot's request first), `--not-created` records that
// the provider shows none. The next `render` re-attaches to the job, or generates the shot as never paid.
import { ExitCode } from '../../common/exit-codes.js';
import { formatUsd } from '../../common/money.js';
import type { CommandContext } from '../io.js';
import { textFlag, type ResolveFlags } from './options.js';
import { cacheDirFor } from '../../run/folders.js';
import { openProvider, providerUse } from '../../run/provider.js';
import { folderFlag, providerSettings, storyboardArg } from '../settings.js';


export async function run({ args, options, io }: CommandContext<ResolveFlags>): Promise<number> {
  const file = storyboardArg(args, io.cwd);
  const { loadStoryboard } = await import('../../storyboard/index.js');
  const storyboard = await loadStoryboard(file.abs, { displayPath: file.shown });
  const cacheDir = cacheDirFor(storyboard, folderFlag(io, options.cacheDir));
  const { listOpenIntents, resolveIntent } = await import('../../execute/resolve.js');
  if (options.shot === undefined) {
    const open = await listOpenIntents({ cacheDir });
    if (options.json) io.stdout(`${JSON.stringify({ open }, null, 2)}\n`);
    else if (open.length === 0) io.stdout('no open intents: every paid call has a known outcome\n');
    else {
      for (const o of open) io.stdout(`${o.shotId}  intent ${o.intentId}  ${o.kind} ${o.model} ${o.size} ${o.seconds}s  sent ${o.sentAt}  ${formatUsd(o.reservedMicroUsd)} possibly billed\n`);
      io.stdout(`resolve one: render resolve ${file.shown} --shot <id> --job <provider job id>   (or --not-created)\n`);
    }
    return ExitCode.ok;
  }
  const handle = options.job === undefined ? undefined : await openProvider(providerSettings(io, options), providerUse(storyboard));
  try {
    const resolution = await resolveIntent({
      cacheDir,
      shotId: String(options.shot),
      intentId: textFlag(options.intent),
      jobId: textFlag(options.job),
      notCreated: options.notCreated === true,
      provider: handle?.provider,
      signal: io.signal,
    });
    if (options.json) io.stdout(`${JSON.stringify(resolution, null, 2)}\n`);
    else if (resolution.kind === 'adopted') io.stdout(`shot ${options.shot}: job ${resolution.jobId} attached to intent ${resolution.intent.intentId}; the next run downloads it without paying again\n`);
    else io.stdout(`shot ${options.shot}: intent ${resolution.intent.intentId} recorded as not created; the next run generates the shot (and pays for it)\n`);
    return ExitCode.ok;
  } finally {
    await handle?.close();
  }
}
