// The stitch stage's public API (re-exports only): what the executor, `render` and `render stitch` call.
export { locateFfmpeg } from './tools.js';
export { probeClip } from './probe.js';
export { verifyVideoFile, type VerifiedClip, type VerifyExpect, type Verification } from './verify.js';
export { fitImage, type FitImageInput, type ImageMime } from './fit-image.js';
export { stitchCut, type StitchClip, type StitchInput, type StitchResult } from './stitch.js';
export { makeContactSheet, extractThumbnail, type ContactSheetInput, type ContactSheetResult, type ThumbnailInput } from './contact-sheet.js';
export { runDoctor, type DoctorCheck, type DoctorReport } from './doctor.js';
export type { LoudnessResult } from './loudnorm.js';
export type { StitchPath } from './path-choice.js';
export type { AudioInfo, ClipInfo, FfmpegTools, Rational, StitchProgress } from './types.js';
