// What one fal shot costs, in integer micro-dollars, from the catalog alone: the endpoint the shot's inputs pick, the
// resolution its size implies, the model's audio default, and the endpoint's price in fal's unit. Pure; undefined
// when the catalog cannot price it (fail closed: the plan refuses it).
import type { MicroUsd } from '../common/money.js';
import { falCharge, falFamily } from './fal-catalog.js';
import { pickFalEndpoint, resolutionOf, type FalShotMedia } from './fal-frames.js';
import type { FalModelData } from './types.js';

export interface FalShotPriceInput {
  size: string;
  /** Generated seconds: for an extension, the seconds it adds (what fal bills). */
  seconds: number;
  media?: Partial<FalShotMedia>;
}

export function falShotCostMicro(family: string, shot: FalShotPriceInput, models?: readonly FalModelData[]): MicroUsd | undefined {
  const model = falFamily(family, models);
  const endpoint = model && pickFalEndpoint(model, shot.media);
  if (!model || !endpoint) return undefined;
  // Every frame a model makes is in its size table (an extension keeps its source's); any other size has no price.
  const resolution = resolutionOf(model, shot.size);
  if (resolution === undefined) return undefined;
  return falCharge(endpoint.price, { resolution, size: shot.size, seconds: shot.seconds, audio: model.audio.default })?.microUsd;
}
