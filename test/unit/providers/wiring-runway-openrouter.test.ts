// The run's providers for Runway and OpenRouter shots: which key variable, which endpoint, which cache identity,
// and which adapter a job id or a create is routed to.
import { describe, expect, it } from 'vitest';
import { providerOfJob, providerOfRequest } from '../../../src/providers/routing.js';
import { createRunProviders, runProviderIdentities, type RunProvidersInput } from '../../../src/providers/wiring.js';
import { keysInEnv, providerKeyVariables } from '../../../src/cli/keys.js';

const input = (used: string[], more: Partial<RunProvidersInput> = {}): RunProvidersInput => ({ used: new Set(used), settings: {}, env: {}, ...more });

describe('runway and openrouter wiring', () => {
  it('identifies each by its SDK default origin when nothing overrides it', () => {
    expect(runProviderIdentities(input(['runway', 'openrouter']))).toEqual({
      runway: 'runway:https://api.dev.runwayml.com',
      openrouter: 'openrouter:https://openrouter.ai/api/v1',
    });
  });

  it('takes providers.<name>.base-url before RENDER_<NAME>_BASE_URL', () => {
    const env = { RENDER_RUNWAY_BASE_URL: 'http://127.0.0.1:9/runway/', RENDER_OPENROUTER_BASE_URL: 'http://127.0.0.1:9/or/api/v1' };
    expect(runProviderIdentities(input(['runway', 'openrouter'], { env }))).toEqual({ runway: 'runway:http://127.0.0.1:9/runway', openrouter: 'openrouter:http://127.0.0.1:9/or/api/v1' });
    const settings = { runway: { baseUrl: 'https://Gateway.example/runway' } };
    expect(runProviderIdentities(input(['runway'], { env, settings })).runway).toBe('runway:https://gateway.example/runway');
  });

  it('refuses a base URL with credentials, naming the source and not the password', () => {
    const env = { RENDER_OPENROUTER_BASE_URL: 'https://u:secret@gateway.example/api/v1' };
    expect(() => runProviderIdentities(input(['openrouter'], { env }))).toThrow(expect.objectContaining({ code: 'BASE_URL_CREDENTIALS', message: expect.stringContaining('RENDER_OPENROUTER_BASE_URL') }));
    expect(() => runProviderIdentities(input(['openrouter'], { env }))).toThrow(expect.objectContaining({ message: expect.not.stringContaining('secret') }));
  });

  it('reads RUNWAYML_API_SECRET and OPENROUTER_API_KEY, or the variable api-key-env names', async () => {
    await expect(createRunProviders(input(['runway']))).rejects.toThrow(expect.objectContaining({ code: 'API_KEY_MISSING', message: expect.stringContaining('RUNWAYML_API_SECRET') }));
    await expect(createRunProviders(input(['openrouter']))).rejects.toThrow(expect.objectContaining({ code: 'API_KEY_MISSING', message: expect.stringContaining('OPENROUTER_API_KEY') }));
    const run = await createRunProviders(input(['runway', 'openrouter'], {
      env: { RUNWAYML_API_SECRET: 'key_runway', MY_OR_KEY: 'sk-or-mine', OPENROUTER_API_KEY: 'sk-or-default' },
      settings: { openrouter: { apiKeyEnv: 'MY_OR_KEY' } },
    }));
    expect(run.secrets.sort()).toEqual(['key_runway', 'sk-or-mine']);
    expect(run.endpoints).toEqual({ runway: 'https://api.dev.runwayml.com', openrouter: 'https://openrouter.ai/api/v1' });
  });

  it('points every adapter at the simulator with its one key, identity sim', async () => {
    const sim = { baseURL: 'http://127.0.0.1:7/v1', falBaseURL: 'http://127.0.0.1:7/fal', runwayBaseURL: 'http://127.0.0.1:7/runway', openRouterBaseURL: 'http://127.0.0.1:7/openrouter/api/v1', apiKey: 'sim-key' };
    const run = await createRunProviders(input(['openai', 'fal', 'runway', 'openrouter'], { sim }));
    expect(run.identities).toEqual({ openai: 'sim', fal: 'sim', runway: 'sim', openrouter: 'sim' });
    expect(run.endpoints.runway).toBe(sim.runwayBaseURL);
    expect(run.endpoints.openrouter).toBe(sim.openRouterBaseURL);
  });

  it('refuses a provider name it does not know instead of sending the shot to openai', () => {
    expect(() => runProviderIdentities(input(['lumalabs']))).toThrow(expect.objectContaining({ code: 'USAGE', message: expect.stringContaining("'lumalabs'") }));
  });

  it('routes job ids by prefix and creates by the request provider', () => {
    expect(providerOfJob('runway:3f0c')).toBe('runway');
    expect(providerOfJob('openrouter:job-1')).toBe('openrouter');
    expect(providerOfJob('fal:x')).toBe('fal');
    expect(providerOfJob('video_123')).toBe('openai');
    expect(providerOfRequest({ provider: 'runway', model: 'gen4_turbo' })).toBe('runway');
  });

  it('an unconfigured provider refuses a create as a definite refusal (nothing sent)', async () => {
    const run = await createRunProviders(input(['openai'], { env: { OPENAI_API_KEY: 'sk-x' } }));
    await expect(run.provider.create({ provider: 'runway', model: 'gen4_turbo', size: '1280x720', seconds: 5, prompt: 'p' }, { signal: new AbortController().signal, idempotencyKey: 'k' }))
      .rejects.toMatchObject({ kind: 'invalid', code: 'provider_not_configured' });
  });

  it('lists the new key variables, so the CLI removes and redacts them', () => {
    expect(providerKeyVariables).toEqual(expect.arrayContaining(['RUNWAYML_API_SECRET', 'OPENROUTER_API_KEY']));
    expect(keysInEnv({ RUNWAYML_API_SECRET: 'key_a', OPENROUTER_API_KEY: 'sk-or-b' })).toEqual(['key_a', 'sk-or-b']);
  });
});
