// The default name (from the file's stem) is always a plain folder name inside out/, like an explicit one must be.
import { describe, expect, it } from 'vitest';
import { nameFromStem } from '../../../src/storyboard/draft.js';

describe('nameFromStem', () => {
  it('keeps an ordinary stem', () => {
    expect(nameFromStem('trailer.v2')).toBe('trailer.v2');
  });

  it('never yields `.` or `..` (files named `..yaml` or `...yaml`)', () => {
    expect(nameFromStem('.')).toBe('storyboard');
    expect(nameFromStem('..')).toBe('storyboard');
    expect(nameFromStem('.hidden')).toBe('hidden');
  });

  it('replaces separators and other characters, and stays within the schema length', () => {
    expect(nameFromStem('a/b\\c\u0000d')).toBe('a-b-c-d');
    expect(nameFromStem('x'.repeat(300))).toHaveLength(100);
  });
});
