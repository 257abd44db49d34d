// Rules for OpenRouter shots against the OpenRouter catalog (the built-in models, or the catalog file the storyboard
// names): the model is listed, takes the frames the shot gives (`supported_frame_images`), makes its size and seconds,
// and one of its `pricing_skus` prices it (fail closed). A remix continues the parent's job (`previous_job_id`, any
// model). The listing says nothing of style references, and OpenRouter has no extension: both are refused.
import { openRouterModel, openRouterShotCostMicro, openRouterSizeList } from '../../catalog/openrouter-catalog.js';
import type { OpenRouterFrameType, OpenRouterModelData } from '../../catalog/openrouter-types.js';
import { didYouMeanSuffix } from '../did-you-mean.js';
import type { DraftShot, StoryboardDraft } from '../draft.js';
import type { ProblemList } from '../problems.js';
import { falModelsTaking } from './fal-shots.js';
import { blame } from './models.js';
import { builtinModelNote, draftShotMedia } from './shot-media.js';
import { checkSizeAndSeconds } from './size-seconds.js';

/** `catalogFile` is the storyboard's `providers.openrouter.catalog` when it names one (then `models` are its models). */
export function checkOpenRouterShots(draft: StoryboardDraft, models: readonly OpenRouterModelData[], catalogFile: string | undefined, problems: ProblemList): void {
  for (const shot of draft.shots) {
    if (shot.provider === 'openrouter' && shot.remixOf === undefined) checkOpenRouterShot(shot, models, catalogFile, problems);
  }
}

function checkOpenRouterShot(shot: DraftShot, models: readonly OpenRouterModelData[], catalogFile: string | undefined, problems: ProblemList): void {
  const model = openRouterModel(shot.model, models);
  if (!model) {
    const known = models.map((m) => m.id);
    const where = catalogFile === undefined ? 'openrouter models' : `openrouter models in ${catalogFile}`;
    problems.at(blame(shot, 'model'), 'MODEL_UNKNOWN', `unknown openrouter model "${shot.model}"${builtinModelNote(shot, 'openrouter')}${didYouMeanSuffix(shot.model, known)}; ${where}: ${known.join(', ')}`, {
      hint: 'A newer model? Refresh the catalog: render models --refresh openrouter --out <file>, then name it in providers.openrouter.catalog.',
    });
    return;
  }
  if (!reportUnsupportedInputs(shot, model, models, problems)) return;
  const label = `openrouter model ${model.id}`;
  if (!checkSizeAndSeconds(shot, { label, sizes: openRouterSizeList(model), seconds: model.durations }, problems)) return;
  if (openRouterShotCostMicro(model, { size: shot.size, seconds: shot.seconds, firstFrame: shot.referencePath !== undefined }) === undefined) {
    const skus = model.pricingSkus === null ? 'none' : Object.keys(model.pricingSkus).join(', ');
    problems.at(blame(shot, 'size'), 'MODEL_NO_PRICE', `${label} has no per-second price for ${shot.size} (its pricing_skus: ${skus}), so its cost cannot be planned`, {
      hint: 'A model priced per video token has no published tokens per second; pick one priced per second (render models --provider openrouter).',
    });
  }
}

function reportUnsupportedInputs(shot: DraftShot, model: OpenRouterModelData, models: readonly OpenRouterModelData[], problems: ProblemList): boolean {
  const before = problems.list().length;
  const media = draftShotMedia(shot);
  const taking = (frame: OpenRouterFrameType) => models.filter((m) => m.frameImages.includes(frame)).map((m) => m.id).join(', ') || 'none';
  const onFal = ' (set provider: fal)';
  if (media.firstFrame && !model.frameImages.includes('first_frame')) problems.at([...shot.path, 'reference'], 'REF_NOT_SUPPORTED', `openrouter model ${model.id} takes no first frame; openrouter models that do: ${taking('first_frame')}`);
  if (media.lastFrame && !model.frameImages.includes('last_frame')) problems.at([...shot.path, 'last-frame'], 'LAST_FRAME_NOT_SUPPORTED', `openrouter model ${model.id} takes no last frame; openrouter models that do: ${taking('last_frame')}`);
  if (media.references > 0) problems.at([...shot.path, 'references'], 'REFERENCES_NOT_SUPPORTED', `openrouter model ${model.id} takes no reference images (OpenRouter's model listing names no such input); fal models that do: ${falModelsTaking('references')}${onFal}`);
  if (media.sourceVideo) problems.at([...shot.path, 'extend-of'], 'EXTEND_NOT_SUPPORTED', `openrouter model ${model.id} cannot extend a clip (remix-of continues an OpenRouter job); fal models that can: ${falModelsTaking('extend')}${onFal}`);
  return problems.list().length === before;
}
