// A shot as a Runway task create, and a derived shot as a video_to_video of its parent: pure, from the catalog
// alone. What the catalog says a model cannot do is refused here, before anything is sent (and paid for).
import { pickRunwayEndpoint, ratioForSize, runwayEndpoint, runwayModel, takesSeconds } from '../../catalog/runway-catalog.js';
import type { RunwayEndpoint, RunwayModelData } from '../../catalog/runway-types.js';
import { ProviderError, type CreateRequest, type ReferenceImage } from '../provider.js';

export interface RunwayCreatePlan {
  model: RunwayModelData;
  endpoint: RunwayEndpoint;
  body: Record<string, unknown>;
}

/** Runway takes images as base64 data URIs of at most 5 MB (SDK docstring of `promptImage`; changelog 4.17.1). */
export const maxDataUriBytes = 5 * 1024 * 1024;

const invalid = (message: string) => new ProviderError({ kind: 'invalid', message, code: 'invalid_request' });

export function dataUriOf(image: ReferenceImage, role: string): string {
  const uri = `data:${image.mime};base64,${Buffer.from(image.bytes).toString('base64')}`;
  if (uri.length > maxDataUriBytes) throw invalid(`the ${role} image is ${image.bytes.length} bytes; as a data URI it is over Runway's 5 MB limit`);
  return uri;
}

function modelOf(name: string, models?: readonly RunwayModelData[]): RunwayModelData {
  const model = runwayModel(name, models);
  if (!model) throw invalid(`'${name}' is not a Runway model in the catalog (run \`render models --provider runway\`)`);
  return model;
}

/** Ratio and duration for the endpoint, checked against the catalog. */
function frameFields(model: RunwayModelData, endpoint: RunwayEndpoint, size: string, seconds: number): Record<string, unknown> {
  if (Object.keys(endpoint.ratios).length === 0) return {};
  const ratio = ratioForSize(endpoint, size);
  if (!ratio) throw invalid(`${model.model} ${endpoint.name} cannot make ${size}; it makes ${Object.values(endpoint.ratios).join(', ')}`);
  if (!takesSeconds(model, seconds)) throw invalid(`${model.model} cannot make ${seconds} s; it makes ${model.durations.values.join(', ')} s`);
  return { ratio, duration: seconds };
}

export function planRunwayCreate(request: CreateRequest, models?: readonly RunwayModelData[]): RunwayCreatePlan {
  const model = modelOf(request.model, models);
  if (request.references?.length) throw invalid(`${model.model}: style reference images are not supported on Runway here; give a first (and last) frame instead`);
  const media = { firstFrame: request.reference !== undefined, lastFrame: request.lastFrame !== undefined };
  const endpoint = pickRunwayEndpoint(model, media);
  if (!endpoint) {
    const what = media.lastFrame ? (media.firstFrame ? 'a first and a last frame' : 'a last frame without a first') : media.firstFrame ? 'a first frame' : 'a prompt alone';
    throw invalid(`${model.model} has no Runway endpoint taking ${what}`);
  }
  const body: Record<string, unknown> = { model: model.model, promptText: request.prompt, ...frameFields(model, endpoint, request.size, request.seconds) };
  // Sent explicitly, so the price the catalog planned is the price asked for.
  if (model.audio) body.audio = model.audio.default;
  if (request.reference) {
    body.promptImage = [
      { uri: dataUriOf(request.reference, 'first-frame'), position: 'first' },
      ...(request.lastFrame ? [{ uri: dataUriOf(request.lastFrame, 'last-frame'), position: 'last' }] : []),
    ];
  }
  return { model, endpoint, body };
}

export interface ParentRecipe {
  model: string;
  size: string;
  seconds: number;
}

/** A video_to_video of the parent's clip (at `videoUrl`) on the parent's own model, at its frame and length. */
export function planRunwayRemix(parent: ParentRecipe, prompt: string, videoUrl: string, models?: readonly RunwayModelData[]): RunwayCreatePlan {
  const model = modelOf(parent.model, models);
  const endpoint = runwayEndpoint(model, 'video_to_video');
  if (!endpoint?.sourceVideoField) throw invalid(`${model.model} has no video_to_video on Runway, so a shot derived from it cannot be made there`);
  const body: Record<string, unknown> = { model: model.model, [endpoint.sourceVideoField]: videoUrl, promptText: prompt, ...frameFields(model, endpoint, parent.size, parent.seconds) };
  if (model.audio && endpoint.optional.includes('audio')) body.audio = model.audio.default;
  return { model, endpoint, body };
}

/** Whether a model can be remixed at all (it has video_to_video): checked before reading the parent. */
export function remixable(name: string, models?: readonly RunwayModelData[]): boolean {
  const model = runwayModel(name, models);
  return model !== undefined && runwayEndpoint(model, 'video_to_video') !== undefined;
}
