// What a storyboard gets for every key it leaves out (docs/storyboard.md lists the same values).
import type { ProviderName, ReferenceFit, TransitionType } from './model.js';

export const storyboardDefaults = {
  provider: 'openai' as ProviderName,
  model: 'sora-2',
  size: '1280x720',
  seconds: 4,
  referenceFit: 'cover' as ReferenceFit,
  retries: 0,
  take: 1,
  concurrency: 3,
  countFailed: true,
  cutOutput: 'final.mp4',
  transition: { type: 'cut' as TransitionType, seconds: 0.5 },
  audio: { loudnorm: false, targetLufs: -16 },
  cutFit: 'contain' as const,
} as const;

/** A model added by a storyboard's `models:` block gets these for keys it does not give (fail closed). */
export const newModelDefaults = { reference: false, remix: false, rpm: 10 } as const;
