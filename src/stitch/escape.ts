// Filter-graph escaping (ffmpeg-filters(1) "Notes on filtergraph escaping"; docs/design/ffmpeg.md#escaping-and-injection):
// every value we place in a graph passes through here, because fluent-ffmpeg's escaping misses ' : \ ; [ ].

/**
 * Level 1: one option value inside a filter (`text=`, `textfile=`, a path): escape `\`, `'` and `:`. ffmpeg also trims
 * leading and trailing whitespace of a value; ours (absolute paths, numbers, names) have none, and user text never
 * enters a graph (it goes through `textfile=`).
 */
export function escapeFilterValue(value: string): string {
  return value.replace(/[\\':]/g, (c) => `\\${c}`);
}

/** Level 2: a whole filter description (`name=k=v:k=v`) placed in a graph: escape `\ ' [ ] , ;`. */
export function escapeFilterGraph(description: string): string {
  return description.replace(/[\\'[\],;]/g, (c) => `\\${c}`);
}

export type FilterOptions = ReadonlyArray<readonly [key: string, value: string | number]>;

/**
 * One filter, named options only, with both escaping levels applied: `filter('fps', [['fps', '30/1']])`.
 * Numbers must be finite: a NaN offset would otherwise reach ffmpeg as the text "NaN".
 */
export function filter(name: string, options: FilterOptions = []): string {
  if (!/^[a-z0-9_]+$/.test(name)) throw new TypeError(`not a filter name: ${JSON.stringify(name)}`);
  const parts = options.map(([key, value]) => {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError(`filter ${name}: ${key} is ${value}`);
    return `${key}=${escapeFilterValue(String(value))}`;
  });
  return escapeFilterGraph(parts.length ? `${name}=${parts.join(':')}` : name);
}

/** A labelled chain: `[in1][in2]f1,f2[out]`. Labels are ours (letters, digits, underscore), never user text. */
export function chain(inputs: readonly string[], filters: readonly string[], output: string): string {
  for (const label of [...inputs, output]) {
    if (!/^[A-Za-z0-9_:]+$/.test(label)) throw new TypeError(`not a graph label: ${JSON.stringify(label)}`);
  }
  return `${inputs.map((l) => `[${l}]`).join('')}${filters.join(',')}[${output}]`;
}
