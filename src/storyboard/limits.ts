// The documented limits that keep a hostile or broken storyboard from exhausting memory, stack or time.
// Measured and explained in docs/design/untrusted-input.md#yaml and #paths; docs/storyboard.md lists them for users.

/** Largest storyboard file read (checked with stat before reading). */
export const maxStoryboardBytes = 1024 * 1024;

/** Deepest nesting (flow brackets plus indentation levels) handed to the YAML parser. */
export const maxNestingDepth = 64;

/**
 * Alias expansions allowed by `toJS`. The yaml default (100) refuses a legitimate file that reuses one
 * `&defaults` anchor in 100 shots; 1,000 still stops a 10-level alias bomb in milliseconds.
 */
export const maxAliasCount = 1000;

/** Largest reference image file read. */
export const maxReferenceBytes = 20 * 1024 * 1024;

/** Largest reference image side in pixels, read from the header without decoding (decompression bombs). */
export const maxReferenceSide = 8192;
