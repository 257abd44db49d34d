// Suggestions must help with typos and stay quiet for unrelated words.
import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance } from '../../../src/storyboard/did-you-mean.js';

describe('didYouMean', () => {
  it('measures edits', () => {
    expect(editDistance('promt', 'prompt')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('suggests close candidates only', () => {
    const keys = ['id', 'prompt', 'model', 'size', 'seconds', 'reference', 'remix-of'];
    expect(didYouMean('promt', keys)).toBe('prompt');
    expect(didYouMean('secs', keys)).toBeUndefined();
    expect(didYouMean('refrence', keys)).toBe('reference');
    expect(didYouMean('remix_of', keys)).toBe('remix-of');
    expect(didYouMean('Model', keys)).toBe('model');
    expect(didYouMean('colour', keys)).toBeUndefined();
  });
});
