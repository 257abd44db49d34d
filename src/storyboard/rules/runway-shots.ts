// Rules for Runway shots against the Runway catalog: the model is a Runway model, the endpoint the shot's inputs pick
// exists (a first frame → image_to_video, first and last → keyframe models, nothing → text_to_video) and makes the
// shot's size and seconds, the shot has a price; a remix needs a parent model with video_to_video. Style references
// and extensions are not Runway features here: each refusal names the models that can.
import { endpointSizes, pickRunwayEndpoint, runwayModel, runwayModels, runwayShotCostMicro } from '../../catalog/runway-catalog.js';
import type { RunwayModelData } from '../../catalog/runway-types.js';
import { didYouMeanSuffix } from '../did-you-mean.js';
import type { DraftShot, StoryboardDraft } from '../draft.js';
import type { ProblemList } from '../problems.js';
import { falModelsTaking } from './fal-shots.js';
import { blame } from './models.js';
import { rootOf } from './remix.js';
import { shotsById } from './shot-ids.js';
import { builtinModelNote, describeMedia, draftShotMedia } from './shot-media.js';
import { checkSizeAndSeconds } from './size-seconds.js';

const names = (test: (model: RunwayModelData) => boolean) => runwayModels.filter(test).map((model) => model.model).join(', ');
const hasEndpoint = (model: RunwayModelData, name: string) => model.endpoints.some((endpoint) => endpoint.name === name);
const takesLastFrame = (model: RunwayModelData) => model.endpoints.some((endpoint) => endpoint.positions?.includes('last'));
const canDerive = (model: RunwayModelData) => hasEndpoint(model, 'video_to_video');

export function checkRunwayShots(draft: StoryboardDraft, problems: ProblemList): void {
  const byId = shotsById(draft.shots);
  for (const shot of draft.shots) {
    if (shot.remixOf !== undefined) {
      const root = rootOf(shot, byId);
      if (root?.provider === 'runway') checkRunwayRemix(shot, root, problems);
    } else if (shot.provider === 'runway') checkRunwayShot(shot, problems);
  }
}

/** A remix is a video_to_video of the parent's clip on the parent's model (docs/providers-runway.md). */
function checkRunwayRemix(shot: DraftShot, root: DraftShot, problems: ProblemList): void {
  const model = runwayModel(root.model);
  // An unknown parent model is reported at the parent.
  if (!model || canDerive(model)) return;
  problems.at([...shot.path, 'remix-of'], 'REMIX_NOT_SUPPORTED', `runway model ${model.model} cannot be remixed (it has no video_to_video); runway models that can: ${names(canDerive)}`);
}

function checkRunwayShot(shot: DraftShot, problems: ProblemList): void {
  const model = runwayModel(shot.model);
  if (!model) {
    const known = runwayModels.map((m) => m.model);
    problems.at(blame(shot, 'model'), 'MODEL_UNKNOWN', `unknown runway model "${shot.model}"${builtinModelNote(shot, 'runway')}${didYouMeanSuffix(shot.model, known)}; runway models: ${known.join(', ')}`);
    return;
  }
  if (!reportUnsupportedInputs(shot, model, problems)) return;
  const media = draftShotMedia(shot);
  const endpoint = pickRunwayEndpoint(model, media);
  if (!endpoint) {
    const has = model.endpoints.map((e) => e.name).join(', ');
    const textModels = names((m) => hasEndpoint(m, 'text_to_video'));
    const hint = media.lastFrame && !media.firstFrame
      ? 'A last frame goes with a reference (the first frame).'
      : !hasEndpoint(model, 'image_to_video')
        ? `${model.model} only edits a source clip, which no storyboard key gives it; pick a model with text_to_video: ${textModels}.`
        : `Give a reference (first frame), or pick a model with text_to_video: ${textModels}.`;
    problems.at(shot.path, 'MODEL_INPUTS', `runway model ${model.model} has no endpoint taking ${describeMedia(media)} (it has ${has})`, { hint });
    return;
  }
  const sizes = endpointSizes(endpoint);
  const offer = { label: `runway model ${model.model} (${endpoint.name})`, sizes: sizes.length > 0 ? sizes : undefined, seconds: model.durations.values.length > 0 ? model.durations.values : undefined };
  if (!checkSizeAndSeconds(shot, offer, problems)) return;
  if (runwayShotCostMicro(model.model, { size: shot.size, seconds: shot.seconds, media }) === undefined) {
    problems.at(blame(shot, 'size'), 'MODEL_NO_PRICE', `runway model ${model.model} has no price for ${shot.size}, ${shot.seconds} s in the catalog, so its cost cannot be planned`);
  }
}

/** Report each input the model takes nowhere; false when one was reported. */
function reportUnsupportedInputs(shot: DraftShot, model: RunwayModelData, problems: ProblemList): boolean {
  const before = problems.list().length;
  const media = draftShotMedia(shot);
  const onFal = ' (set provider: fal)';
  if (media.firstFrame && !hasEndpoint(model, 'image_to_video')) problems.at([...shot.path, 'reference'], 'REF_NOT_SUPPORTED', `runway model ${model.model} takes no first frame; runway models that do: ${names((m) => hasEndpoint(m, 'image_to_video'))}`);
  if (media.lastFrame && !takesLastFrame(model)) problems.at([...shot.path, 'last-frame'], 'LAST_FRAME_NOT_SUPPORTED', `runway model ${model.model} takes no last frame; runway models that do: ${names(takesLastFrame)}`);
  if (media.references > 0) problems.at([...shot.path, 'references'], 'REFERENCES_NOT_SUPPORTED', `runway model ${model.model} takes no reference images (style references are not sent to Runway); fal models that do: ${falModelsTaking('references')}${onFal}`);
  if (media.sourceVideo) problems.at([...shot.path, 'extend-of'], 'EXTEND_NOT_SUPPORTED', `runway model ${model.model} cannot extend a clip; fal models that can: ${falModelsTaking('extend')}${onFal}`);
  return problems.list().length === before;
}
