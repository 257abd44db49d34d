// The message for a paid call whose outcome nobody can prove: what is known (intent, when it was sent, what was
// searched), that its money stays counted, and the three ways to resolve it. Pure.
import { formatUsd } from '../common/money.js';
import type { IntentRecord } from './journal-records.js';
import type { SearchRecord } from './reconcile.js';
import type { ShotError } from './types.js';

const iso = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString().replace('.000Z', 'Z');

function searchedText(searched: SearchRecord): string {
  if (searched.looks === 0) return 'the provider has no job list to search';
  const over = searched.elapsedMs >= 1000 ? ` over ${Math.round(searched.elapsedMs / 1000)} s` : '';
  const seen = `${searched.looks} look(s)${over} at jobs created since ${iso(searched.sinceSeconds)}`;
  if (searched.ambiguous > 0) return `${seen}: ${searched.ambiguous} job(s) fit but could not be told apart (the list leaves out prompts), so none was adopted`;
  if (searched.lastError) return `${seen}: the list could not be read (${searched.lastError})`;
  return `${seen}: none matched yet (absence from a list proves nothing)`;
}

export function unknownOutcome(intent: IntentRecord, reason: string, searched: SearchRecord): ShotError {
  return {
    code: 'UNKNOWN_OUTCOME',
    message:
      `the ${intent.kind} call sent at ${iso(intent.notBefore)} got no usable answer (${reason}); ${searchedText(searched)}. ` +
      `${formatUsd(intent.reservedMicroUsd)} stays counted as possibly billed and it is not sent again (intent ${intent.intentId})`,
    hint:
      `run again to keep looking; if the provider's dashboard shows the job: render resolve <storyboard> --shot ${intent.shotId} --job <id>; ` +
      `if it shows none: --not-created; or re-run with --resend-unknown to pay for a new attempt`,
  };
}
