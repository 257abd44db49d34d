// Look-ups over the fal models, and a job's price in fal's own unit converted to integer micro-dollars.
import { usdToMicro, type MicroUsd } from '../common/money.js';
import { falModels } from './fal-models.js';
import type { FalEndpoint, FalModelData, FalPrice } from './types.js';

export { falModels };

export interface FalEndpointMatch {
  model: FalModelData;
  endpoint: FalEndpoint;
}

/** The model whose family id is `family` (e.g. `fal-ai/veo3.1/fast`). */
export function falFamily(family: string, models: readonly FalModelData[] = falModels): FalModelData | undefined {
  return models.find((model) => model.family === family);
}

/** Every (model, endpoint) served at a full endpoint id; more than one when one id has several modes (Wan's continue). */
export function falEndpoints(endpointId: string, models: readonly FalModelData[] = falModels): FalEndpointMatch[] {
  return models.flatMap((model) => model.endpoints.filter((endpoint) => endpoint.id === endpointId).map((endpoint) => ({ model, endpoint })));
}

export interface FalCharge {
  microUsd: MicroUsd;
  /** What `X-Fal-Billable-Units` reports: seconds, videos or tokens. */
  units: number;
  unit: FalPrice['unit'];
}

export interface FalChargeInput {
  resolution: string;
  /** `WIDTHxHEIGHT` of the output. */
  size: string;
  /** Generated seconds. */
  seconds: number;
  audio: boolean;
}

/** The price of one job, or undefined when the catalog has no price for it (fail closed). */
export function falCharge(price: FalPrice, input: FalChargeInput): FalCharge | undefined {
  if (price.unit === 'second') {
    const rates = price.usdPerSecond[input.resolution];
    if (!rates) return undefined;
    return { microUsd: usdToMicro(input.audio ? rates.audio : rates.silent) * input.seconds, units: input.seconds, unit: 'second' };
  }
  if (price.unit === 'video') {
    const usd = price.usdPerVideo[String(input.seconds)];
    return usd === undefined ? undefined : { microUsd: usdToMicro(usd), units: 1, unit: 'video' };
  }
  const [width = 0, height = 0] = input.size.split('x').map(Number);
  const tokens = Math.round((width * height * input.seconds * price.tokenFps) / 1024);
  return { microUsd: Math.round((tokens * usdToMicro(price.usdPer1kTokens)) / 1000), units: tokens, unit: 'token' };
}
