// The run stage: render a storyboard, or re-stitch one from the cache, from code as the CLI does.
export { renderStoryboard } from './render.js';
export { stitchFromCache } from './stitch-cached.js';
export type { CacheLookupEvent, ProviderSettings, RenderOptions, RunEvent, RunResult, RunSink, RunSummary, StitchOptions, StitchProgress, ViewShot } from './types.js';
