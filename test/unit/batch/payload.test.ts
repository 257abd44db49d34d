// A unit's payload survives the database byte for byte (the key hashes the reference bytes), and a worker refuses
// a payload it cannot trust rather than pay for a shot other than the one planned.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeUnit, encodeUnit, type UnitPayload } from '../../../src/batch/payload.js';
import { RenderError } from '../../../src/common/errors.js';

const image = fc.record({ bytes: fc.uint8Array({ minLength: 1, maxLength: 300 }), mime: fc.constantFrom('image/png' as const, 'image/jpeg' as const, 'image/webp' as const) });

const unit = fc.record({
  version: fc.constant(1 as const),
  shot: fc.record(
    {
      id: fc.string({ minLength: 1 }),
      kind: fc.constantFrom('create' as const, 'remix' as const, 'extend' as const),
      provider: fc.constantFrom('openai', 'fal', 'runway', 'openrouter'),
      model: fc.string({ minLength: 1 }),
      size: fc.constantFrom('1280x720', '720x1280'),
      seconds: fc.integer({ min: 1, max: 20 }),
      prompt: fc.string(),
      take: fc.integer({ min: 1, max: 9 }),
      retries: fc.integer({ min: 0, max: 5 }),
      costMicroUsd: fc.integer({ min: 0, max: 10_000_000 }),
      remixOf: fc.string({ minLength: 1 }),
      reference: image,
      lastFrame: image,
      references: fc.array(image, { maxLength: 3 }),
    },
    { requiredKeys: ['id', 'kind', 'provider', 'model', 'size', 'seconds', 'prompt', 'take', 'retries', 'costMicroUsd'] },
  ),
  providerIdentity: fc.constantFrom('sim', 'https://api.openai.com'),
  settings: fc.record({
    countFailed: fc.boolean(),
    rpm: fc.oneof(fc.integer({ min: 1, max: 1000 }), fc.constant(Number.POSITIVE_INFINITY)),
    providerConcurrency: fc.oneof(fc.integer({ min: 1, max: 50 }), fc.constant(Number.POSITIVE_INFINITY)),
    costMargin: fc.double({ min: 1, max: 3, noNaN: true }),
  }, { requiredKeys: ['countFailed', 'rpm', 'providerConcurrency'] }),
  providerUse: fc.record({
    providers: fc.dictionary(fc.constantFrom('openai', 'fal', 'runway'), fc.record({ baseUrl: fc.webUrl(), apiKeyEnv: fc.constantFrom('MY_KEY', 'OTHER_KEY') }, { requiredKeys: [] })),
    legacyBaseUrl: fc.webUrl(),
  }, { requiredKeys: ['providers'] }),
}, { requiredKeys: ['version', 'shot', 'providerIdentity', 'settings'] }) as fc.Arbitrary<UnitPayload>;

/** What the database gives back: jsonb is JSON text. */
const throughDatabase = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof RenderError ? error.code : 'not a RenderError';
  }
  return undefined;
}

const sample: UnitPayload = {
  version: 1,
  shot: { id: 'a', kind: 'create', provider: 'openai', model: 'sora-2', size: '1280x720', seconds: 4, prompt: 'p', take: 1, retries: 0, costMicroUsd: 400_000, reference: { bytes: new Uint8Array([137, 80, 78, 71, 0, 255]), mime: 'image/png' } },
  providerIdentity: 'sim',
  settings: { countFailed: true, rpm: 10, providerConcurrency: 3 },
  providerUse: { providers: { openai: { baseUrl: 'https://gateway.example/v1', apiKeyEnv: 'GATEWAY_KEY' } } },
};

describe('unit payload', () => {
  it('round-trips through JSON text, reference bytes and unbounded limits included', () => {
    fc.assert(
      fc.property(unit, (payload) => {
        const back = decodeUnit(throughDatabase(encodeUnit(payload)));
        expect(back).toEqual(payload);
        for (const name of ['reference', 'lastFrame'] as const) if (payload.shot[name]) expect(back.shot[name]!.bytes).toBeInstanceOf(Uint8Array);
      }),
      { numRuns: 200 },
    );
  });

  it('stores reference bytes as base64 text and no key, only the name of its variable', () => {
    const stored = JSON.stringify(encodeUnit(sample));
    expect(stored).toContain(Buffer.from([137, 80, 78, 71, 0, 255]).toString('base64'));
    expect(stored).toContain('"apiKeyEnv":"GATEWAY_KEY"');
  });

  it('refuses a version it does not know', () => {
    const stored = throughDatabase(encodeUnit(sample)) as Record<string, unknown>;
    expect(() => decodeUnit({ ...stored, version: 2 })).toThrow(/version 2; this render reads version 1/);
    expect(codeOf(() => decodeUnit({ ...stored, version: undefined }))).toBe('UNIT_PAYLOAD_INVALID');
  });

  it('refuses damaged payloads with UNIT_PAYLOAD_INVALID, naming what is wrong', () => {
    const stored = () => throughDatabase(encodeUnit(sample)) as { shot: Record<string, unknown>; settings: Record<string, unknown> } & Record<string, unknown>;
    const cases: Array<[string, (p: ReturnType<typeof stored>) => unknown, RegExp]> = [
      ['not an object', () => 'text', /not an object/],
      ['missing prompt', (p) => ({ ...p, shot: { ...p.shot, prompt: undefined } }), /shot\.prompt/],
      ['seconds as text', (p) => ({ ...p, shot: { ...p.shot, seconds: '4' } }), /shot\.seconds/],
      ['reference not base64', (p) => ({ ...p, shot: { ...p.shot, reference: { base64: 'iVBO!!', mime: 'image/png' } } }), /base64/],
      ['reference cut short', (p) => ({ ...p, shot: { ...p.shot, reference: { base64: 'iVBORw0', mime: 'image/png' } } }), /base64/],
      ['reference of another type', (p) => ({ ...p, shot: { ...p.shot, reference: { base64: 'AAAA', mime: 'text/html' } } }), /mime/],
      ['no settings', (p) => ({ ...p, settings: undefined }), /settings/],
      ['rpm zero', (p) => ({ ...p, settings: { ...p.settings, rpm: 0 } }), /settings\.rpm/],
      ['no identity', (p) => ({ ...p, providerIdentity: 7 }), /providerIdentity/],
      ['providers not an object', (p) => ({ ...p, providerUse: { providers: [] } }), /providerUse/],
    ];
    for (const [name, damage, message] of cases) {
      const run = () => decodeUnit(damage(stored()));
      expect(codeOf(run), name).toBe('UNIT_PAYLOAD_INVALID');
      expect(run, name).toThrow(message);
    }
  });
});
