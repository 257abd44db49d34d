// Rules for fal shots against the fal catalog, and for the keys OpenAI shots cannot take: the model is a fal family,
// one of its endpoints takes what the shot gives (first frame, last frame, references, a clip to extend), and that
// endpoint makes the shot's size and seconds. Each problem names what is allowed, or the models that can.
import { falModels } from '../../catalog/fal-catalog.js';
import { durationsOf, endpointFrames, pickFalEndpoint, type FalShotMedia } from '../../catalog/fal-frames.js';
import type { CatalogData, FalModelData } from '../../catalog/types.js';
import { didYouMeanSuffix } from '../did-you-mean.js';
import type { DraftShot, StoryboardDraft } from '../draft.js';
import type { ProblemList } from '../problems.js';
import { blame, fromDefaults } from './models.js';
import { rootOf } from './remix.js';
import { shotsById } from './shot-ids.js';
import { builtinModelNote, describeMedia, draftShotMedia } from './shot-media.js';

const families = (test: (model: FalModelData) => boolean) => falModels.filter(test).map((model) => model.family).join(', ');
const hasMedia = (model: FalModelData, key: 'firstFrame' | 'lastFrame' | 'references') => model.endpoints.some((endpoint) => endpoint.mode !== 'extend' && endpoint.media[key] !== undefined);
const canExtend = (model: FalModelData) => model.endpoints.some((endpoint) => endpoint.mode === 'extend');
const maxReferences = (model: FalModelData) => Math.max(0, ...model.endpoints.map((endpoint) => endpoint.media.references?.max ?? 0));

/** The fal families that take an input (or extend), comma-separated: what an error on another provider points to. */
export function falModelsTaking(input: 'lastFrame' | 'references' | 'extend'): string {
  return families((model) => (input === 'extend' ? canExtend(model) : hasMedia(model, input)));
}

export function checkFalShots(draft: StoryboardDraft, catalog: CatalogData, problems: ProblemList): void {
  const byId = shotsById(draft.shots);
  const remixable = Object.entries(catalog.models).filter(([, model]) => model.remix).map(([id]) => id).join(', ');
  for (const shot of draft.shots) {
    const root = shot.remixOf !== undefined ? rootOf(shot, byId) : undefined;
    if (root?.provider === 'fal') {
      problems.at([...shot.path, 'remix-of'], 'REMIX_NOT_SUPPORTED', `fal model ${root.model} cannot be remixed; models that can: ${remixable}`, {
        hint: `To continue a fal clip use extend-of with a model that extends: ${families(canExtend)}.`,
      });
      continue;
    }
    if (shot.remixOf !== undefined) continue;
    // Runway and OpenRouter shots have rules of their own (./runway-shots.ts, ./openrouter-shots.ts).
    if (shot.provider === 'fal') checkFalShot(shot, problems);
    else if (shot.provider === 'openai') checkOpenAIShot(shot, problems);
  }
}

/** The fal-only keys on a shot of the OpenAI protocol, which has one optional reference and no extension. */
function checkOpenAIShot(shot: DraftShot, problems: ProblemList): void {
  const onFal = ' (set provider: fal)';
  if (shot.lastFramePath !== undefined) problems.at([...shot.path, 'last-frame'], 'LAST_FRAME_NOT_SUPPORTED', `model ${shot.model} takes no last frame; fal models that do: ${families((m) => hasMedia(m, 'lastFrame'))}${onFal}`);
  if (shot.referencePaths !== undefined) problems.at([...shot.path, 'references'], 'REFERENCES_NOT_SUPPORTED', `model ${shot.model} takes no reference images; fal models that do: ${families((m) => hasMedia(m, 'references'))}${onFal}`);
  if (shot.extendOf !== undefined) problems.at([...shot.path, 'extend-of'], 'EXTEND_NOT_SUPPORTED', `model ${shot.model} cannot extend a clip; fal models that can: ${families(canExtend)}${onFal}`);
}

function checkFalShot(shot: DraftShot, problems: ProblemList): void {
  const model = falModels.find((m) => m.family === shot.model);
  if (!model) {
    const known = falModels.map((m) => m.family);
    const why = builtinModelNote(shot, 'fal');
    problems.at(blame(shot, 'model'), 'MODEL_UNKNOWN', `unknown fal model "${shot.model}"${why}${didYouMeanSuffix(shot.model, known)}; fal models: ${known.join(', ')}`);
    return;
  }
  const media: FalShotMedia = draftShotMedia(shot);
  if (!reportMissingInputs(shot, model, media, problems)) return;
  const endpoint = pickFalEndpoint(model, media);
  if (!endpoint) {
    problems.at(shot.path, 'FAL_INPUTS_COMBINATION', `${model.family} has no endpoint taking ${describeMedia(media)} together`);
    return;
  }
  const sizes = endpointFrames(model, endpoint).map((frame) => frame.size);
  if (!sizes.includes(shot.size)) {
    problems.at(blame(shot, 'size'), 'MODEL_SIZE', `size ${shot.size}${fromDefaults(shot, 'size')} is not allowed for ${model.family} (${endpoint.id})${didYouMeanSuffix(shot.size, sizes)}; allowed: ${sizes.join(', ')}`);
  }
  const seconds = durationsOf(model, endpoint).values;
  if (!seconds.includes(shot.seconds)) {
    const what = endpoint.mode === 'extend' ? 'seconds added' : 'seconds';
    problems.at(blame(shot, 'seconds'), 'MODEL_SECONDS', `${shot.seconds} ${what}${fromDefaults(shot, 'seconds')} is not allowed for ${model.family} (${endpoint.id})${didYouMeanSuffix(String(shot.seconds), seconds.map(String))}; allowed: ${seconds.join(', ')}`);
  }
}

/** Report each input this family takes on no endpoint; false when one was reported. */
function reportMissingInputs(shot: DraftShot, model: FalModelData, media: FalShotMedia, problems: ProblemList): boolean {
  const before = problems.list().length;
  if (media.firstFrame && !hasMedia(model, 'firstFrame')) problems.at([...shot.path, 'reference'], 'REF_NOT_SUPPORTED', `fal model ${model.family} takes no image input; models that do: ${families((m) => hasMedia(m, 'firstFrame'))}`);
  if (media.lastFrame && !hasMedia(model, 'lastFrame')) problems.at([...shot.path, 'last-frame'], 'LAST_FRAME_NOT_SUPPORTED', `fal model ${model.family} takes no last frame; models that do: ${families((m) => hasMedia(m, 'lastFrame'))}`);
  if (media.references > 0 && !hasMedia(model, 'references')) problems.at([...shot.path, 'references'], 'REFERENCES_NOT_SUPPORTED', `fal model ${model.family} takes no reference images; models that do: ${families((m) => hasMedia(m, 'references'))}`);
  else if (media.references > maxReferences(model)) problems.at([...shot.path, 'references'], 'REFERENCES_TOO_MANY', `fal model ${model.family} takes at most ${maxReferences(model)} reference images, not ${media.references}`);
  if (media.sourceVideo && !canExtend(model)) problems.at([...shot.path, 'extend-of'], 'EXTEND_NOT_SUPPORTED', `fal model ${model.family} cannot extend a clip; models that can: ${families(canExtend)}`);
  return problems.list().length === before;
}
