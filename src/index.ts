// Public library API: re-exports only.
export { RenderError, isRenderError } from './common/errors.js';
export { ExitCode } from './common/exit-codes.js';
