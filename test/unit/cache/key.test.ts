// Shot keys change with exactly the things that shape the paid result, and a remix inherits its parent's changes.
import { describe, expect, it } from 'vitest';
import { canonicalJson, computeShotKeys, keyComponents, shotKey, type KeyInput } from '../../../src/cache/key.js';

const base: KeyInput = { providerIdentity: 'https://api.openai.com/v1', model: 'sora-2', size: '720x1280', seconds: 4, prompt: 'a fox', take: 1 };

describe('canonicalJson', () => {
  it('sorts keys at every level, drops undefined, and refuses non-finite numbers', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: null }], c: 'x' }, u: undefined })).toBe('{"a":{"c":"x","d":[2,{"y":null,"z":1}]},"b":1}');
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(TypeError);
  });
});

describe('shotKey', () => {
  it('is stable and 64 hex characters', () => {
    expect(shotKey(base)).toMatch(/^[0-9a-f]{64}$/);
    expect(shotKey({ ...base })).toBe(shotKey(base));
  });

  it.each([
    ['provider', { providerIdentity: 'http://127.0.0.1:4000/v1' }],
    ['model', { model: 'sora-2-pro' }],
    ['size', { size: '1280x720' }],
    ['seconds', { seconds: 8 }],
    ['prompt', { prompt: 'a fox ' }],
    ['reference', { referenceBytes: new Uint8Array([1, 2, 3]) }],
    ['take', { take: 2 }],
    ['parent', { parentKey: 'f'.repeat(64) }],
    ['derivation (an extension, not a remix, of the same parent)', { parentKey: 'f'.repeat(64), extend: true }],
    ['last frame', { lastFrameBytes: new Uint8Array([4]) }],
    ['references', { referencesBytes: [new Uint8Array([5])] }],
  ] as const)('changes with the %s', (_name, change) => {
    expect(shotKey({ ...base, ...change })).not.toBe(shotKey(base));
  });

  it('keeps the key of a shot without the newer inputs as it was (caches made before them still hit)', () => {
    expect(shotKey({ ...base, extend: false, lastFrameBytes: undefined, referencesBytes: [] })).toBe(shotKey(base));
    expect(keyComponents(base)).not.toHaveProperty('derivation');
  });

  it('hashes reference bytes, not their identity', () => {
    expect(shotKey({ ...base, referenceBytes: new Uint8Array([1, 2]) })).toBe(shotKey({ ...base, referenceBytes: Buffer.from([1, 2]) }));
    expect(shotKey({ ...base, referenceBytes: new Uint8Array([1, 2]) })).not.toBe(shotKey({ ...base, referenceBytes: new Uint8Array([1, 3]) }));
  });
});

describe('computeShotKeys', () => {
  const shots = [
    { id: 'a', model: 'sora-2', size: '720x1280', seconds: 4, prompt: 'one', take: 1 },
    { id: 'b', model: 'sora-2', size: '720x1280', seconds: 4, prompt: 'two', take: 1, remixOf: 'a' },
    { id: 'c', model: 'sora-2', size: '720x1280', seconds: 4, prompt: 'three', take: 1, remixOf: 'b' },
    { id: 'd', model: 'sora-2', size: '720x1280', seconds: 4, prompt: 'four', take: 1 },
  ];

  it('propagates a parent edit to every remix descendant and nothing else', () => {
    const before = computeShotKeys(shots, 'sim');
    const after = computeShotKeys([{ ...shots[0]!, prompt: 'one!' }, ...shots.slice(1)], 'sim');
    expect(['a', 'b', 'c', 'd'].map((id) => before.get(id)!.key !== after.get(id)!.key)).toEqual([true, true, true, false]);
    expect(after.get('b')!.components.parentKey).toBe(after.get('a')!.key);
  });

  it('refuses a remix listed before its parent', () => {
    expect(() => computeShotKeys([shots[1]!, shots[0]!], 'sim')).toThrow(/not listed before it/);
  });
});

describe('computeShotKeys across providers', () => {
  it('keys each shot with its own provider identity, and an extension with its parent', () => {
    const mixed = [
      { id: 'a', provider: 'openai', model: 'sora-2', size: '1280x720', seconds: 4, prompt: 'one', take: 1 },
      { id: 'b', provider: 'fal', model: 'fal-ai/veo3.1/fast', size: '1280x720', seconds: 8, prompt: 'two', take: 1 },
      { id: 'c', provider: 'fal', model: 'fal-ai/veo3.1/fast', size: '1280x720', seconds: 7, prompt: 'three', take: 1, extendOf: 'b' },
    ];
    const keys = computeShotKeys(mixed, (shot) => (shot.provider === 'fal' ? 'fal:https://queue.fal.run' : 'https://api.openai.com/v1'));
    expect(keys.get('a')!.components.provider).toBe('https://api.openai.com/v1');
    expect(keys.get('b')!.components.provider).toBe('fal:https://queue.fal.run');
    expect(keys.get('c')!.components).toMatchObject({ parentKey: keys.get('b')!.key, derivation: 'extend' });
    expect(() => computeShotKeys([mixed[2]!, mixed[1]!], 'sim')).toThrow(/derives from 'b', which is not listed before it/);
  });
});

