// The size and seconds a shot asks for against what its model (on the endpoint its inputs pick) makes, with the
// allowed values listed and a did-you-mean: shared by the Runway and OpenRouter rules.
import { didYouMeanSuffix } from '../did-you-mean.js';
import type { DraftShot } from '../draft.js';
import type { ProblemList } from '../problems.js';
import { blame, fromDefaults } from './models.js';

export interface Offer {
  /** How the messages name the model (and endpoint): `runway model gen4.5 (text_to_video)`. */
  label: string;
  /** Allowed `WIDTHxHEIGHT`; undefined: any (the output keeps its source's frame). */
  sizes: readonly string[] | undefined;
  /** Allowed seconds; undefined: any. */
  seconds: readonly number[] | undefined;
}

/** Report a size or seconds outside the offer; true when both are allowed. */
export function checkSizeAndSeconds(shot: DraftShot, offer: Offer, problems: ProblemList): boolean {
  let ok = true;
  if (offer.sizes !== undefined && !offer.sizes.includes(shot.size)) {
    ok = false;
    problems.at(blame(shot, 'size'), 'MODEL_SIZE', `size ${shot.size}${fromDefaults(shot, 'size')} is not allowed for ${offer.label}${didYouMeanSuffix(shot.size, offer.sizes)}; allowed: ${offer.sizes.join(', ')}`);
  }
  if (offer.seconds !== undefined && !offer.seconds.includes(shot.seconds)) {
    ok = false;
    const allowed = offer.seconds.map(String);
    problems.at(blame(shot, 'seconds'), 'MODEL_SECONDS', `${shot.seconds} seconds${fromDefaults(shot, 'seconds')} is not allowed for ${offer.label}${didYouMeanSuffix(String(shot.seconds), allowed)}; allowed: ${allowed.join(', ')}`);
  }
  return ok;
}
