// GET /videos/models: `{data: VideoModel[]}` with every key the official SDK requires (nullable is not optional:
// `null` where a capability does not apply) and `pricing_skus` as decimal strings under the live key names.
import { openRouterSizeList } from '../../../catalog/openrouter-catalog.js';
import type { OpenRouterModelData } from '../../../catalog/openrouter-types.js';
import type { Reply, RequestContext } from '../../context.js';

// A fixed instant: the rows describe models, not this simulator run.
const listedAt = 1_780_000_000;

const orNull = <T>(values: readonly T[]): T[] | null => (values.length > 0 ? [...values] : null);

export function videoModelRow(model: OpenRouterModelData, index: number): Record<string, unknown> {
  return {
    id: model.id,
    canonical_slug: model.id,
    name: model.name,
    created: listedAt + index,
    description: model.description,
    supported_resolutions: orNull(model.resolutions),
    supported_aspect_ratios: orNull(model.aspectRatios),
    supported_sizes: orNull(openRouterSizeList(model)),
    supported_durations: orNull(model.durations),
    supported_frame_images: orNull(model.frameImages),
    generate_audio: model.generateAudio,
    seed: model.seed,
    allowed_passthrough_parameters: [...model.passthrough],
    upscale_factor: null,
    creativity: null,
    pricing_skus: model.pricingSkus === null ? null : { ...model.pricingSkus },
  };
}

export function handleModels(ctx: RequestContext): Reply {
  return { kind: 'json', body: { data: ctx.sim.openRouter.settings().models.map(videoModelRow) } };
}
