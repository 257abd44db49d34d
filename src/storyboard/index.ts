// The storyboard stage's public API: what the CLI and later stages import.
export { checkStoryboardFile, loadStoryboard, type LoadOptions, type StoryboardCheck } from './load.js';
export { findModel, resolveCatalog } from './resolve-catalog.js';
export { storyboardDefaults } from './defaults.js';
export { describeBadOutput } from './rules/cut.js';
export { isInside } from './reference.js';
export type * from './model.js';
