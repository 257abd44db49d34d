// `render models [--provider NAME] [--json]`: the catalog, each model with its capabilities, sizes, durations and
// price in its provider's own unit, with the date the price was read.
import { RenderError } from '../../common/errors.js';
import { ExitCode } from '../../common/exit-codes.js';
import type { ModelsFlags } from './options.js';
import { catalogListing, type ModelListing } from '../../catalog/listing.js';
import type { CommandContext } from '../io.js';

const providers = ['openai', 'fal'] as const;

export async function run({ options, io }: CommandContext<ModelsFlags>): Promise<number> {
  const wanted = options.provider;
  if (wanted !== undefined && !providers.includes(wanted as (typeof providers)[number])) {
    throw new RenderError('USAGE', `unknown provider '${String(wanted)}'`, { hint: 'use --provider openai or --provider fal' });
  }
  const listing = catalogListing(wanted as (typeof providers)[number] | undefined);
  io.stdout(options.json ? `${JSON.stringify({ models: listing }, null, 2)}\n` : formatListing(listing));
  return ExitCode.ok;
}

/** Plain text: one block per model. */
export function formatListing(listing: readonly ModelListing[]): string {
  const blocks = listing.map((m) =>
    [
      `${m.model}  (${m.provider})${m.description ? `  ${m.description}` : ''}`,
      `  takes    ${m.capabilities.join(', ') || 'a prompt only'}`,
      `  sizes    ${m.sizes.join(', ')}`,
      `  seconds  ${m.seconds.join(', ')}`,
      `  price    ${m.price.text} (per ${m.price.unit}; read ${m.price.date})`,
    ].join('\n'),
  );
  return `${blocks.join('\n\n')}\n`;
}
