// `render --version` and `render doctor` say which providers have a key: yes or no, never the key itself.
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import type { CliIo } from '../../../src/cli/io.js';
import { providersLine } from '../../../src/cli/providers-configured.js';

describe('configured providers', () => {
  it('says yes for a set key and no for the others, without the key', () => {
    const line = providersLine({ FAL_KEY: 'fal-secret-123', OPENAI_API_KEY: '' });
    expect(line).toBe('providers: openai no (OPENAI_API_KEY), fal yes (FAL_KEY), runway no (RUNWAYML_API_SECRET), openrouter no (OPENROUTER_API_KEY); --provider sim needs none');
  });

  it('is printed by render --version under the version', async () => {
    let out = '';
    const io: CliIo = { stdout: (t) => void (out += t), stderr: () => undefined, env: { RUNWAYML_API_SECRET: 'rw-secret-9' }, cwd: process.cwd(), signal: new AbortController().signal };
    expect(await main(['--version'], io)).toBe(0);
    expect(out).toMatch(/^render \d+\.\d+\.\d+\nproviders: .*runway yes \(RUNWAYML_API_SECRET\)/);
    expect(out).not.toContain('rw-secret-9');
  });
});
