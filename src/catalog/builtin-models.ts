// The built-in model catalog: data only. Prices, sizes and durations come from OpenAI's API reference and pricing
// page (read 2026-09-19), as recorded in docs/design/openai-videos-protocol.md#create and #pricing.
// A storyboard's `models:` block adds or overrides entries (gateways serving Veo, Runway and others).
import type { CatalogData } from './types.js';

const sora2Sizes = ['720x1280', '1280x720'];
const sora2ProSizes = ['720x1280', '1280x720', '1024x1792', '1792x1024'];
const contractSeconds = [4, 8, 12];

const sora2 = {
  sizes: sora2Sizes,
  seconds: contractSeconds,
  reference: true,
  remix: true,
  pricePerSecondUsd: { '720x1280': 0.1, '1280x720': 0.1 },
  // Tier-1 requests per minute (docs/design/openai-videos-protocol.md#rate-limits-and-latency).
  rpm: 25,
};

const sora2Pro = {
  sizes: sora2ProSizes,
  seconds: contractSeconds,
  reference: true,
  remix: true,
  pricePerSecondUsd: { '720x1280': 0.3, '1280x720': 0.3, '1024x1792': 0.5, '1792x1024': 0.5 },
  rpm: 10,
};

export const builtinCatalog: CatalogData = {
  priceDate: '2026-09-19',
  priceSource: 'https://developers.openai.com/api/docs/pricing (standard tier, per generated second)',
  models: {
    'sora-2': { ...sora2, description: 'OpenAI Sora 2; points at sora-2-2025-12-08 since 2026-01-13' },
    'sora-2-2025-12-08': { ...sora2, description: 'Sora 2 snapshot of 2025-12-08' },
    'sora-2-2025-10-06': { ...sora2, description: 'Sora 2 snapshot of 2025-10-06' },
    'sora-2-pro': { ...sora2Pro, description: 'OpenAI Sora 2 Pro; points at sora-2-pro-2025-10-06' },
    'sora-2-pro-2025-10-06': { ...sora2Pro, description: 'Sora 2 Pro snapshot of 2025-10-06' },
  },
};
