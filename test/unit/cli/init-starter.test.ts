// The pure part of `render init`: which .gitignore lines are missing, and the storyboard's name from a folder.
import { describe, expect, it } from 'vitest';
import { gitignoreAddition, starterName } from '../../../src/cli/init/starter.js';

describe('gitignoreAddition', () => {
  it('adds both folders to a missing or empty .gitignore', () => {
    expect(gitignoreAddition(undefined)).toBe('# render: cache and output folders\n.render/\nout/\n');
    expect(gitignoreAddition('')).toBe('# render: cache and output folders\n.render/\nout/\n');
  });

  it('adds only what is missing, on a new line, and counts `out`, `/out/`, `.render` as present', () => {
    expect(gitignoreAddition('dist\n/out/')).toBe('\n# render: cache and output folders\n.render/\n');
    expect(gitignoreAddition('.render\r\nout\r\n')).toBeUndefined();
  });
});

describe('starterName', () => {
  it('keeps a plain folder name and makes any other one a valid storyboard name', () => {
    expect(starterName('launch_film-2')).toBe('launch_film-2');
    expect(starterName('My Film (v2)')).toBe('My-Film-v2');
    expect(starterName('...')).toBe('starter');
    expect(starterName('')).toBe('starter');
  });
});
