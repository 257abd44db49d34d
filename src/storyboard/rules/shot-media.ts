// What a draft shot gives its model, said once for every provider's rules: images by role, and a clip to continue.
import type { DraftShot } from '../draft.js';

export interface DraftShotMedia {
  firstFrame: boolean;
  lastFrame: boolean;
  references: number;
  sourceVideo: boolean;
}

export function draftShotMedia(shot: DraftShot): DraftShotMedia {
  return { firstFrame: shot.referencePath !== undefined, lastFrame: shot.lastFramePath !== undefined, references: shot.referencePaths?.length ?? 0, sourceVideo: shot.extendOf !== undefined };
}

/** `a reference (first frame) and a last frame`, for a message. */
export function describeMedia(media: Partial<DraftShotMedia>): string {
  const parts = [media.firstFrame ? 'a reference (first frame)' : '', media.lastFrame ? 'a last frame' : '', (media.references ?? 0) > 0 ? 'references' : '', media.sourceVideo ? 'a clip to extend' : ''].filter(Boolean);
  return parts.length > 0 ? parts.join(' and ') : 'a prompt alone';
}

/** Why the default model is wrong for a non-OpenAI shot, when the shot got it from the built-in default. */
export function builtinModelNote(shot: DraftShot, provider: string): string {
  return shot.origin.model === 'builtin' ? ` (a ${provider} shot needs a model: the default sora-2 is an OpenAI model)` : '';
}
