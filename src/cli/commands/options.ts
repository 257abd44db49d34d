// Every flag of every command, and the options type each command receives, derived from the flags themselves.
export interface OptionSpec {
  readonly flags: string;
  readonly description: string;
  readonly default?: unknown;
}

type Camel<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<Camel<Tail>>}` : S;
type FlagName<F extends string> = F extends `--${infer Body}` ? (Body extends `${infer Name} ${string}` ? Name : Body) : never;
/** cac's key for a flag: `--max-usd <usd>` → maxUsd, `--no-stitch` → stitch. */
type OptionKey<F extends string> = FlagName<F> extends `no-${infer Name}` ? Camel<Name> : Camel<FlagName<F>>;
/** A flag with a `<value>` comes as a string, or a number when cac reads one; a bare flag is a boolean. */
type OptionValue<F extends string> = F extends `${string}<${string}>` ? string | number : boolean;

/** The options object cac hands a command, typed from the command's row of the table. */
export type OptionsOf<Options extends readonly OptionSpec[]> = {
  [Option in Options[number] as OptionKey<Option['flags']>]?: OptionValue<Option['flags']>;
};

const jsonOption = { flags: '--json', description: 'Print machine-readable JSON on stdout' } as const;
const maxUsdOption = { flags: '--max-usd <usd>', description: 'Hard spending cap for this run (the lower of this and budget.max-usd wins)' } as const;
const cacheDirOption = { flags: '--cache-dir <dir>', description: 'Cache and journal folder (default: .render/ beside the storyboard)' } as const;
const verboseOption = { flags: '--verbose', description: 'Show causes and stack traces of errors' } as const;
const outOption = { flags: '--out <dir>', description: 'Output folder (default: out/ beside the storyboard)' } as const;
const eventsOption = { flags: '--json', description: 'Print newline-delimited JSON events on stdout' } as const;
const formatOption = {
  flags: '--format <format>',
  description: "'text', 'json' (as --json) or 'github': workflow commands that annotate the storyboard's lines (the default when GITHUB_ACTIONS=true)",
} as const;

const providerOptions = [
  { flags: '--provider <name>', description: "'sim': every shot on the built-in simulator, offline; default: each shot on the provider it names (openai, fal, runway, openrouter)", default: 'openai' },
  { flags: '--base-url <url>', description: 'OpenAI-protocol base URL (else provider.base-url, else OPENAI_BASE_URL, else the SDK default)' },
] as const;

export const renderOptions = [
  ...providerOptions,
  maxUsdOption,
  cacheDirOption,
  outOption,
  { flags: '--concurrency <n>', description: 'Jobs in flight at once (default: the storyboard\'s concurrency, else 3)' },
  { flags: '--no-stitch', description: 'Generate the shots only' },
  { flags: '--regenerate-expired', description: 'Pay again for shots whose paid content expired before it was downloaded' },
  { flags: '--reconcile-window <seconds>', description: 'How long to look for the job of a create whose answer was lost, before calling its outcome unknown', default: 180 },
  { flags: '--resend-unknown', description: 'Send a create again when its outcome stays unknown (may pay twice; the first attempt stays counted)' },
  { flags: '--max-clip-mb <mib>', description: "Largest clip download accepted, in MiB (default: from each shot's size and seconds)" },
  { flags: '--webhooks <[host:]port>', description: "Receive fal's and OpenRouter's signed webhooks on this port (host default 127.0.0.1) and poll them only every 60 s as a fallback; OpenRouter needs OPENROUTER_WEBHOOK_SECRET" },
  { flags: '--webhook-url <url>', description: 'With --webhooks: the public base URL providers post to (a tunnel or proxy; default http://HOST:PORT)' },
  { flags: '--no-lockfile', description: 'Do not write <storyboard>.lock beside the storyboard (docs/lockfile.md)' },
  eventsOption,
  formatOption,
  { flags: '--junit <file>', description: 'Also write a JUnit XML report: one test case per shot and one for the cut' },
  verboseOption,
] as const;
export type RenderFlags = OptionsOf<typeof renderOptions>;

export const validateOptions = [jsonOption, formatOption, verboseOption] as const;
export type ValidateFlags = OptionsOf<typeof validateOptions>;

const baseOption = { flags: '--base <ref>', description: 'Compare with the storyboard and lockfile at this git ref (a pull request\'s base: origin/main)' } as const;
export const planOptions = [jsonOption, maxUsdOption, cacheDirOption, ...providerOptions, baseOption, verboseOption] as const;
export type PlanFlags = OptionsOf<typeof planOptions>;

export const resolveOptions = [
  { flags: '--shot <id>', description: 'The shot to settle (without it: list the open intents)' },
  { flags: '--intent <id>', description: 'Which open intent, when the shot has several' },
  { flags: '--job <id>', description: "Attach this provider job id (checked against the shot's request first)" },
  { flags: '--not-created', description: 'Record that the provider made no job for it (the next run pays for the shot)' },
  cacheDirOption,
  ...providerOptions,
  jsonOption,
  verboseOption,
] as const;
export type ResolveFlags = OptionsOf<typeof resolveOptions>;

const cacheUrlStitchOption = { flags: '--cache-url <url>', description: 'Pull the clips from this shared cache first (file:///folder or s3://bucket/prefix, as batch workers store them)' } as const;
export const stitchOptions = [...providerOptions, cacheDirOption, cacheUrlStitchOption, outOption, eventsOption, verboseOption] as const;
export type StitchFlags = OptionsOf<typeof stitchOptions>;

export const modelsOptions = [
  { flags: '--provider <name>', description: "Only this provider's models: 'openai', 'fal', 'runway' or 'openrouter'" },
  { flags: '--refresh <provider>', description: "Fetch the live model listing ('openrouter') and write it as a dated catalog file" },
  { flags: '--out <file>', description: 'With --refresh: the catalog file to write (default: openrouter-catalog-<date>.json here)' },
  jsonOption,
  verboseOption,
] as const;
export type ModelsFlags = OptionsOf<typeof modelsOptions>;

export const initOptions = [verboseOption] as const;
export type InitFlags = OptionsOf<typeof initOptions>;

export const doctorOptions = [jsonOption, verboseOption] as const;
export type DoctorFlags = OptionsOf<typeof doctorOptions>;

export const simOptions = [
  { flags: '--port <n>', description: 'Port on 127.0.0.1 (0 picks a free one)', default: 4010 },
  { flags: '--api-key <key>', description: 'Bearer key the simulator accepts', default: 'sk-sim-local' },
  { flags: '--time-scale <x>', description: 'Multiply generation times (0.01 makes a 4 s job take a few hundred ms)', default: 1 },
  { flags: '--rpm <n>', description: 'Requests per minute per model before 429: N, or MODEL=N,MODEL=N (default: tier 1 from the catalog)' },
  { flags: '--fail-rate <p>', description: 'Share of generations that end failed (0..1)', default: 0 },
  { flags: '--error-rate <p>', description: 'Share of requests answered 500/503 (0..1)', default: 0 },
  { flags: '--drop-rate <p>', description: 'Share of creates processed but whose answer is dropped (0..1)', default: 0 },
  { flags: '--slow-rate <p>', description: 'Share of responses delayed (0..1)', default: 0 },
  { flags: '--slow-ms <ms>', description: 'Delay of a slow response', default: 2000 },
  { flags: '--list-lag-ms <ms>', description: 'New jobs appear in GET /videos only after this lag', default: 0 },
  { flags: '--list-omits-prompt', description: 'GET /videos lists jobs with prompt: null (allowed by the contract)' },
  { flags: '--clock-skew-ms <ms>', description: "Run the server's clock this far off real time (negative: behind), in created_at and Date", default: 0 },
  { flags: '--ttl <seconds>', description: 'Seconds completed content stays downloadable', default: 3600 },
  { flags: '--seed <n>', description: 'Seed for injected faults', default: 1 },
  { flags: '--extended', description: 'Also accept the guide-only values: seconds 16/20, 1080p on sora-2-pro, characters' },
  { flags: '--media-cache-dir <dir>', description: 'Where rendered clips are cached (default: a folder in the OS temp dir)' },
  { flags: '--webhook-url <url>', description: 'POST signed video.completed/video.failed events here (secret: RENDER_SIM_WEBHOOK_SECRET, else one is made up and printed)' },
  { flags: '--fal-concurrency <n>', description: 'fal face: jobs running at once; the rest wait IN_QUEUE', default: 2 },
  { flags: '--fal-validate-at <when>', description: "fal face: 'submit' answers bad input 422 at once, 'result' fails the job as a runner would", default: 'submit' },
  { flags: '--verbose', description: 'Log every request on stderr' },
] as const;
export type SimFlags = OptionsOf<typeof simOptions>;

const databaseUrlOption = { flags: '--database-url <url>', description: 'The batch database, postgres://USER[:PASSWORD]@HOST[:PORT]/DB (default: DATABASE_URL)' } as const;

export const enqueueOptions = [
  databaseUrlOption,
  { flags: '--max-usd <usd>', description: "The batch's own cap, on top of the org caps (render batch caps)" },
  { flags: '--provider <name>', description: "'sim': key the shots for the built-in simulator (workers run with --provider sim); default: each shot's own provider", default: 'openai' },
  jsonOption,
  verboseOption,
] as const;
export type EnqueueFlags = OptionsOf<typeof enqueueOptions>;

export const workerOptions = [
  databaseUrlOption,
  { flags: '--cache-url <url>', description: 'The shared cache every worker reaches: file:///mnt/render-cache or s3://bucket/prefix' },
  { flags: '--cache-dir <dir>', description: 'Local staging cache (default: a folder of this worker in the OS temp dir)' },
  { flags: '--concurrency <n>', description: 'Shots this worker runs at once (the providers\' shared limits still apply)', default: 2 },
  { flags: '--until-idle', description: 'Exit 0 once no shot or cut of an open batch is left (queued, running, waiting to be retried)' },
  { flags: '--reconcile-window <seconds>', description: 'How long an unanswered paid call is looked for before it is reported unknown (default 180)' },
  ...providerOptions,
  verboseOption,
] as const;
export type WorkerFlags = OptionsOf<typeof workerOptions>;

export const batchOptions = [
  databaseUrlOption,
  { flags: '--per-day <usd>', description: 'caps: set the org cap per UTC day, every batch and provider together' },
  { flags: '--provider <name=usd>', description: 'caps: set the org cap per UTC day of one provider (repeat for several)' },
  jsonOption,
  verboseOption,
] as const;
export type BatchFlags = OptionsOf<typeof batchOptions>;

/** A text flag's value as text: cac reads `--job 123` as the number 123. */
export function textFlag(value: string | number | undefined): string | undefined {
  return value === undefined ? undefined : String(value);
}
