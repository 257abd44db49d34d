// Every command in one table: usage, options and help text agree, and each module is imported only when chosen.
import type { CommandContext } from '../io.js';

export interface OptionSpec {
  flags: string;
  description: string;
  default?: unknown;
}

export interface CommandModule {
  run(context: CommandContext<Record<string, unknown>>): Promise<number>;
}

export interface CommandSpec {
  usage: string;
  description: string;
  options: OptionSpec[];
  examples?: string[];
  load: () => Promise<CommandModule>;
}

const jsonOption: OptionSpec = { flags: '--json', description: 'Print machine-readable JSON on stdout' };
const maxUsdOption: OptionSpec = { flags: '--max-usd <usd>', description: 'Hard spending cap for this run (the lower of this and budget.max-usd wins)' };
const cacheDirOption: OptionSpec = { flags: '--cache-dir <dir>', description: 'Cache and journal folder (default: .render/ beside the storyboard)' };
const verboseOption: OptionSpec = { flags: '--verbose', description: 'Show causes and stack traces of errors' };

const providerOptions: OptionSpec[] = [
  { flags: '--provider <name>', description: "Backend: 'openai' (any /v1/videos server) or 'sim' (the built-in simulator, offline)", default: 'openai' },
  { flags: '--base-url <url>', description: 'Provider base URL (else provider.base-url, else OPENAI_BASE_URL, else the SDK default)' },
];

export const commandTable: CommandSpec[] = [
  {
    usage: '[storyboard]',
    description: 'Generate every shot (only what changed is paid for), then stitch the final cut and write the report',
    options: [
      ...providerOptions,
      maxUsdOption,
      cacheDirOption,
      { flags: '--out <dir>', description: 'Output folder (default: out/ beside the storyboard)' },
      { flags: '--concurrency <n>', description: 'Jobs in flight at once (default: the storyboard\'s concurrency, else 3)' },
      { flags: '--no-stitch', description: 'Generate the shots only' },
      { flags: '--regenerate-expired', description: 'Pay again for shots whose paid content expired before it was downloaded' },
      { flags: '--reconcile-window <seconds>', description: 'How long to look for the job of a create whose answer was lost, before calling its outcome unknown', default: 180 },
      { flags: '--resend-unknown', description: 'Send a create again when its outcome stays unknown (may pay twice; the first attempt stays counted)' },
      { flags: '--max-clip-mb <mib>', description: "Largest clip download accepted, in MiB (default: from each shot's size and seconds)" },
      { flags: '--json', description: 'Print newline-delimited JSON events on stdout' },
      verboseOption,
    ],
    examples: ['render examples/storyboard.yaml --provider sim', 'render storyboard.yaml --max-usd 20'],
    load: () => import('./run.js'),
  },
  {
    usage: 'validate <...files>',
    description: 'Check storyboards; print every problem as FILE:LINE:COL: message',
    options: [jsonOption, verboseOption],
    examples: ['render validate storyboards/*.yaml'],
    load: () => import('./validate.js'),
  },
  {
    usage: 'plan <storyboard>',
    description: 'Resolve defaults and price every shot (cache hits are free)',
    options: [jsonOption, maxUsdOption, cacheDirOption, ...providerOptions, verboseOption],
    load: () => import('./plan.js'),
  },
  {
    usage: 'resolve <storyboard>',
    description: 'List paid calls whose outcome is unknown, or settle one: attach the job id the provider shows, or record that it made none',
    options: [
      { flags: '--shot <id>', description: 'The shot to settle (without it: list the open intents)' },
      { flags: '--intent <id>', description: 'Which open intent, when the shot has several' },
      { flags: '--job <id>', description: "Attach this provider job id (checked against the shot's request first)" },
      { flags: '--not-created', description: 'Record that the provider made no job for it (the next run pays for the shot)' },
      cacheDirOption,
      ...providerOptions,
      jsonOption,
      verboseOption,
    ],
    examples: ['render resolve storyboard.yaml', 'render resolve storyboard.yaml --shot street --job video_123', 'render resolve storyboard.yaml --shot street --not-created'],
    load: () => import('./resolve.js'),
  },
  {
    usage: 'stitch <storyboard>',
    description: 'Re-run only the final cut and report from cached shots (no paid call)',
    options: [
      ...providerOptions,
      cacheDirOption,
      { flags: '--out <dir>', description: 'Output folder (default: out/ beside the storyboard)' },
      { flags: '--json', description: 'Print newline-delimited JSON events on stdout' },
      verboseOption,
    ],
    load: () => import('./stitch.js'),
  },
  {
    usage: 'sim',
    description: 'Run the local simulator (/v1/videos and fal\'s queue API under /fal) in the foreground and print its base URLs',
    options: [
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
    ],
    load: () => import('./sim.js'),
  },
  {
    usage: 'models',
    description: 'List the model catalog: capabilities, sizes, durations and prices (in each provider\'s unit, with their date)',
    options: [{ flags: '--provider <name>', description: "Only this provider's models: 'openai' or 'fal'" }, jsonOption, verboseOption],
    examples: ['render models --provider fal', 'render models --json'],
    load: () => import('./models.js'),
  },
  {
    usage: 'doctor',
    description: 'Check ffmpeg, ffprobe and the filters and encoders the product needs',
    options: [jsonOption, verboseOption],
    load: () => import('./doctor.js'),
  },
];
