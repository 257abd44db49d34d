// `render models [--provider NAME] [--json]`: the catalog, each model with its capabilities, sizes, durations and
// price in its provider's own unit, with the date the price was read. `--refresh openrouter [--out FILE]` writes a
// dated catalog file from OpenRouter's live listing instead (./models-refresh.ts).
import { RenderError } from '../../common/errors.js';
import { ExitCode } from '../../common/exit-codes.js';
import type { ModelsFlags } from './options.js';
import { catalogListing, listedProviders, type ListedProvider, type ModelListing } from '../../catalog/listing.js';
import type { CommandContext } from '../io.js';

export async function run({ options, io }: CommandContext<ModelsFlags>): Promise<number> {
  if (options.refresh !== undefined) {
    const { refreshCatalog } = await import('./models-refresh.js');
    const out = options.out === undefined ? undefined : String(options.out);
    const result = await refreshCatalog(String(options.refresh), out, io);
    io.stdout(
      options.json
        ? `${JSON.stringify(result, null, 2)}\n`
        : `Wrote ${result.file}: ${result.models} models (${result.skipped} rows left out), fetched ${result.fetchedAt}.\nName it in a storyboard: providers: {openrouter: {catalog: <path relative to the storyboard>}}\n`,
    );
    return ExitCode.ok;
  }
  const wanted = options.provider;
  if (wanted !== undefined && !listedProviders.includes(wanted as ListedProvider)) {
    throw new RenderError('USAGE', `unknown provider '${String(wanted)}'`, { hint: `use --provider ${listedProviders.join(', --provider ')}` });
  }
  const listing = catalogListing(wanted as ListedProvider | undefined);
  io.stdout(options.json ? `${JSON.stringify({ models: listing }, null, 2)}\n` : formatListing(listing));
  return ExitCode.ok;
}

const perUnit: Record<ModelListing['price']['unit'], string> = { second: 'per second', video: 'per video', token: 'per token', credit: 'in credits, 1 credit = $0.01' };

/** Plain text: one block per model. */
export function formatListing(listing: readonly ModelListing[]): string {
  const blocks = listing.map((m) =>
    [
      `${m.model}  (${m.provider})${m.description ? `  ${m.description}` : ''}`,
      `  takes    ${m.capabilities.join(', ') || 'a prompt only'}`,
      `  sizes    ${m.sizes.join(', ') || "the source clip's"}`,
      `  seconds  ${m.seconds.join(', ') || "the source clip's"}`,
      `  price    ${m.price.text} (${m.provider === 'openrouter' ? 'pricing_skus as OpenRouter sends them' : perUnit[m.price.unit]}; read ${m.price.date})`,
    ].join('\n'),
  );
  return `${blocks.join('\n\n')}\n`;
}
