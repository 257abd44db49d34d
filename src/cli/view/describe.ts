// One human line per executor event, shared by the plain and listr2 views; the map is typed per event kind, so
// an event added to the union without a formatter fails to compile.
import { formatUsd } from '../../common/money.js';
import type { RunEvent, RunSummary } from './view.js';

/** A job's state as a row shows it: the provider's own word for a wait (Runway's THROTTLED) before ours. */
export function progressState(event: Extract<RunEvent, { type: 'progress' }>): string {
  return event.providerStatus ?? event.status.replace('_', ' ');
}

type Formatters = { [K in RunEvent['type']]: (event: Extract<RunEvent, { type: K }>) => string };

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)}s`;

const formatters: Formatters = {
  'shot-queued': (e) => `queued (${formatUsd(e.costMicroUsd)})`,
  'shot-cached': (e) => `cached, saved ${formatUsd(e.savedMicroUsd)}`,
  intent: (e) => `${e.kind === 'remix' ? 'remixing' : 'submitting'} (attempt ${e.attempt}, reserved ${formatUsd(e.reservedMicroUsd)})`,
  created: (e) => `job ${e.jobId} created`,
  adopted: (e) => `job ${e.jobId} adopted after an unanswered create (no second charge)`,
  reattached: (e) => `re-attached to job ${e.jobId} (${e.status})`,
  progress: (e) => {
    const waiting = e.queuePosition !== undefined ? ` (position ${e.queuePosition + 1} in the provider's queue)` : '';
    return `${progressState(e)} ${e.percent}%${waiting}`;
  },
  'rate-limited': (e) => `rate limited: every worker pauses ${seconds(e.retryAfterMs)}`,
  retry: (e) => `retrying ${e.what} in ${seconds(e.delayMs)} (attempt ${e.attempt}): ${e.reason}`,
  reconciling: (e) => `checking whether the provider created a job (${e.reason})`,
  downloaded: (e) => `downloaded ${e.variant} (${(e.bytes / 1_000_000).toFixed(1)} MB)`,
  'shot-done': (e) => `done (${formatUsd(e.costMicroUsd)})`,
  'shot-failed': (e) => `failed: ${e.message}${e.hint ? ` (${e.hint})` : ''}`,
  'shot-skipped': (e) => `skipped: ${e.reason}`,
  budget: (e) =>
    `budget: spent ${formatUsd(e.spentMicroUsd)}${e.earlierMicroUsd ? ` (+${formatUsd(e.earlierMicroUsd)} paid by earlier runs)` : ''}, reserved ${formatUsd(e.reservedMicroUsd)}${e.capMicroUsd === undefined ? '' : ` of ${formatUsd(e.capMicroUsd)}`}`,
  stopped: (e) => `stopped submitting (${e.reason}): ${e.message}`,
  warning: (e) => `warning: ${e.message}`,
  'clip-found': () => 'in the cache',
  'clip-missing': (e) => `skipped: ${e.reason}`,
};

export function describeEvent(event: RunEvent): string {
  const format = formatters[event.type] as (e: RunEvent) => string;
  return format(event);
}

export function describeSummary(summary: RunSummary): string {
  const parts = [
    `${summary.done} done`,
    `${summary.cached} cached`,
    `${summary.failed} failed`,
    `${summary.skipped} skipped`,
  ];
  const money = [`spent ${formatUsd(summary.spentMicroUsd)}`];
  if (summary.possiblyBilledMicroUsd > 0) money.push(`${formatUsd(summary.possiblyBilledMicroUsd)} possibly billed (outcome not yet known)`);
  const earlierHeld = summary.reservedMicroUsd - summary.possiblyBilledMicroUsd;
  if (earlierHeld > 0) money.push(`${formatUsd(earlierHeld)} of earlier runs still held`);
  const { chargedMicroUsd: charged, chargedEstimateMicroUsd: estimate } = summary;
  if (charged !== undefined && estimate !== undefined && charged !== estimate) {
    money.push(`${formatUsd(charged)} charged by the provider (estimated ${formatUsd(estimate)})`);
  }
  if (summary.earlierRunsMicroUsd > 0) money.push(`${formatUsd(summary.earlierRunsMicroUsd)} paid by earlier runs, not spent again`);
  money.push(`saved ${formatUsd(summary.savedMicroUsd)} by the cache`);
  return `${parts.join(', ')}; ${money.join(', ')}`;
}
