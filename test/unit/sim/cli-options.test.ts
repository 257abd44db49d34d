// `render sim` flags → simulator options: ranges checked with exit 2, per-model rpm, the webhook secret never from a flag.
import { describe, expect, it } from 'vitest';
import { parseRpm, simOptionsFrom } from '../../../src/cli/commands/sim.js';

describe('render sim options', () => {
  it('parses one rpm for every model, or per model', () => {
    expect(parseRpm('5')).toBe(5);
    expect(parseRpm(7)).toBe(7);
    expect(parseRpm('sora-2=5,sora-2-pro=2')).toEqual({ 'sora-2': 5, 'sora-2-pro': 2 });
    expect(() => parseRpm('sora-2=fast')).toThrow(expect.objectContaining({ code: 'SIM_OPTION', exitCode: 2 }));
  });

  it('turns flags into options and refuses out-of-range values with exit 2', () => {
    const options = simOptionsFrom({ port: 0, timeScale: 0.01, dropRate: 0.3, ttl: 5, seed: 9, extended: true }, { PATH: '/bin' });
    expect(options).toMatchObject({ port: 0, timeScale: 0.01, dropRate: 0.3, ttlSeconds: 5, seed: 9, extended: true, childEnv: { PATH: '/bin', LANG: 'C.UTF-8' } });
    expect(() => simOptionsFrom({ errorRate: 1.5 }, {})).toThrow(expect.objectContaining({ exitCode: 2, message: expect.stringContaining('--error-rate') }));
    expect(() => simOptionsFrom({ port: 70_000 }, {})).toThrow(/--port/);
  });

  it('takes the webhook secret from RENDER_SIM_WEBHOOK_SECRET, else makes one up and says so', () => {
    const fromEnv = simOptionsFrom({ webhookUrl: 'http://127.0.0.1:9/h' }, { RENDER_SIM_WEBHOOK_SECRET: 'whsec_abc' });
    expect(fromEnv).toMatchObject({ webhook: { secret: 'whsec_abc' }, webhookSecretGenerated: false });
    const made = simOptionsFrom({ webhookUrl: 'http://127.0.0.1:9/h' }, {});
    expect(made.webhook?.secret).toMatch(/^whsec_/);
    expect(made.webhookSecretGenerated).toBe(true);
    expect(() => simOptionsFrom({ webhookUrl: 'ftp://x' }, {})).toThrow(/--webhook-url/);
  });
});
