// What `render init` writes, as pure functions: the starter storyboard (one shot per configured provider, each on
// a model, size and length that provider's catalog offers) and the .gitignore lines for the folders a run creates.
import type { ProviderName } from '../providers-configured.js';

/** A shot every provider's catalog (and the simulator's face for it) accepts, the cheapest length it offers. */
const starterShots: Record<ProviderName, { model: string; seconds: number; prompt: string }> = {
  openai: { model: 'sora-2', seconds: 4, prompt: 'Slow push-in on a lighthouse at dusk, waves breaking on the rocks below.' },
  fal: { model: 'fal-ai/veo3.1/fast', seconds: 4, prompt: 'A ferry crossing a calm harbour at dusk, its lights reflected in the water.' },
  runway: { model: 'gen4.5', seconds: 5, prompt: 'A paper lantern drifting up past a rooftop garden at night.' },
  openrouter: { model: 'alibaba/wan-3.0', seconds: 4, prompt: 'Rain on a neon-lit street, a tram gliding through the frame.' },
};

export interface StarterInput {
  /** Providers with a key in the environment, in a stable order; empty means the default (openai, or --provider sim). */
  providers: readonly ProviderName[];
  /** The schema's path as the `$schema` comment gives it (relative to the storyboard). */
  schemaPath: string;
  name: string;
}

export function starterStoryboard(input: StarterInput): string {
  const providers: readonly ProviderName[] = input.providers.length ? input.providers : ['openai'];
  const shots = providers.map((provider) => ({ id: `${provider}-shot`, provider, ...starterShots[provider] }));
  const lines = [
    `# yaml-language-server: $schema=${input.schemaPath}`,
    '# A starter storyboard written by `render init`. Check it: render validate storyboard.yaml',
    '# Render it offline: render storyboard.yaml --provider sim (no key, no cost); for real: render storyboard.yaml',
    'version: 1',
    `name: ${input.name}`,
    '',
    'defaults:',
    '  size: 1280x720',
    '',
    'budget:',
    '  max-usd: 5 # refuse to start anything that could cost more',
    '',
    'shots:',
    ...shots.flatMap((shot) => [
      `  - id: ${shot.id}`,
      `    provider: ${shot.provider}`,
      `    model: ${shot.model}`,
      `    seconds: ${shot.seconds}`,
      `    prompt: ${shot.prompt}`,
    ]),
    '',
    'cut:',
    `  output: ${input.name}.mp4`,
    `  shots: [${shots.map((shot) => shot.id).join(', ')}]`,
    '',
  ];
  return lines.join('\n');
}

/** A storyboard name from a folder's name: the characters a name allows, else `starter`. */
export function starterName(folderName: string): string {
  const cleaned = folderName.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 100);
  return cleaned || 'starter';
}

/** The cache and output folders beside the storyboard (the run's defaults). */
export const ignoredFolders = ['.render/', 'out/'] as const;

/**
 * What to append to a .gitignore (undefined: every entry is already there). An entry counts as present when a line
 * names the folder with or without its slashes (`.render`, `/.render/`).
 */
export function gitignoreAddition(existing: string | undefined, entries: readonly string[] = ignoredFolders): string | undefined {
  const bare = (line: string) => line.trim().replace(/^\/+|\/+$/g, '');
  const present = new Set((existing ?? '').split(/\r?\n/).map(bare));
  const missing = entries.filter((entry) => !present.has(bare(entry)));
  if (missing.length === 0) return undefined;
  const lead = existing && !existing.endsWith('\n') ? '\n' : '';
  return `${lead}# render: cache and output folders\n${missing.join('\n')}\n`;
}
