// Every command in one table: usage, options and help text agree, and each module is imported only when chosen.
import type { CommandContext } from '../io.js';
import { batchOptions, workerOptions, doctorOptions, enqueueOptions, initOptions, modelsOptions, planOptions, renderOptions, resolveOptions, simOptions, stitchOptions, validateOptions, type OptionsOf, type OptionSpec } from './options.js';

export interface CommandModule<Options = Record<string, unknown>> {
  run(context: CommandContext<Options>): Promise<number>;
}

export interface CommandSpec {
  usage: string;
  description: string;
  options: readonly OptionSpec[];
  examples?: string[];
  load: () => Promise<CommandModule>;
}

/** A row of the table whose module must accept exactly the options the row declares. */
function command<const Options extends readonly OptionSpec[]>(spec: {
  usage: string;
  description: string;
  options: Options;
  examples?: string[];
  load: () => Promise<CommandModule<OptionsOf<Options>>>;
}): CommandSpec {
  return spec;
}

export const commandTable: CommandSpec[] = [
  command({
    usage: '[storyboard]',
    description: 'Generate every shot (only what changed is paid for), then stitch the final cut and write the report',
    options: renderOptions,
    examples: ['render examples/storyboard.yaml --provider sim', 'render storyboard.yaml --max-usd 20'],
    load: () => import('./run.js'),
  }),
  command({
    usage: 'validate <...files>',
    description: 'Check storyboards; print every problem as FILE:LINE:COL: message',
    options: validateOptions,
    examples: ['render validate storyboards/*.yaml'],
    load: () => import('./validate.js'),
  }),
  command({
    usage: 'init [folder]',
    description: 'Write a starter storyboard (one shot per provider with a key set) and .gitignore entries for the cache and output folders; never overwrites',
    options: initOptions,
    examples: ['render init', 'render init storyboards/launch'],
    load: () => import('./init.js'),
  }),
  command({
    usage: 'plan <storyboard>',
    description: 'Resolve defaults and price every shot (cache hits are free)',
    options: planOptions,
    load: () => import('./plan.js'),
  }),
  command({
    usage: 'resolve <storyboard>',
    description: 'List paid calls whose outcome is unknown, or settle one: attach the job id the provider shows, or record that it made none',
    options: resolveOptions,
    examples: ['render resolve storyboard.yaml', 'render resolve storyboard.yaml --shot street --job video_123', 'render resolve storyboard.yaml --shot street --not-created'],
    load: () => import('./resolve.js'),
  }),
  command({
    usage: 'stitch <storyboard>',
    description: 'Re-run only the final cut and report from cached shots (no paid call)',
    options: stitchOptions,
    load: () => import('./stitch.js'),
  }),
  command({
    usage: 'sim',
    description: 'Run the local simulator (/v1/videos and fal\'s queue API under /fal) in the foreground and print its base URLs',
    options: simOptions,
    load: () => import('./sim.js'),
  }),
  command({
    usage: 'models',
    description: 'List the model catalog: capabilities, sizes, durations and prices (in each provider\'s unit, with their date)',
    options: modelsOptions,
    examples: ['render models --provider fal', 'render models --json'],
    load: () => import('./models.js'),
  }),
  command({
    usage: 'enqueue <...files>',
    description: 'Validate and plan storyboards as `render plan` does, then record them as one batch on the PostgreSQL queue for `render worker` on any machine (a shot already queued or stored is not queued again)',
    options: enqueueOptions,
    examples: ['render enqueue storyboards/*.yaml --database-url postgres://render@db.internal/render', 'DATABASE_URL=postgres://render@db.internal/render render enqueue launch.yaml --max-usd 40 --json'],
    load: () => import('./enqueue.js'),
  }),
  command({
    usage: 'worker',
    description: 'Take shots and cuts of every open batch from the PostgreSQL queue (any number of machines; a shot is held by one worker at a time, never paid twice)',
    options: workerOptions,
    examples: ['render worker --database-url postgres://render@db.internal/render --cache-url file:///mnt/render-cache --concurrency 4', 'render worker --cache-url s3://render-cache/clips --until-idle'],
    load: () => import('./worker.js'),
  }),
  command({
    usage: 'batch <action> [batch]',
    description: "Batches on the database: 'list', 'status [BATCH]' (each storyboard's shots: state, cost, holder; default the newest), 'cancel BATCH', 'caps' (show or set the org caps)",
    options: batchOptions,
    examples: ['render batch list', 'render batch status b-20260101-020000-1a2b --json', 'render batch cancel b-20260101-020000-1a2b', 'render batch caps --per-day 200 --provider fal=50'],
    load: () => import('./batch.js'),
  }),
  command({
    usage: 'doctor',
    description: 'Check ffmpeg, ffprobe and the filters and encoders the product needs',
    options: doctorOptions,
    load: () => import('./doctor.js'),
  }),
];
