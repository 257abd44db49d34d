// listr2 rows on a terminal: one row per shot (state, progress %, elapsed, cost, cache hit) and one for the stitch.
// listr2 must not own SIGINT (its default listener exits 127): the CLI handles Ctrl-C and exits 130.
import { Listr, ListrLogger, PRESET_TIMER, ProcessOutput, type ListrTaskWrapper } from 'listr2';
import { formatUsd } from '../../common/money.js';
import { describeEvent, describeSummary, progressState } from './describe.js';
import type { RunEvent, RunSummary, RunView, StitchProgress, ViewShot } from './view.js';

// listr2's wrapper type is generic over renderers we do not name; the row only needs these members.
type Wrapper = Pick<ListrTaskWrapper<unknown, never, never>, 'skip'> & { title: string; output: string };

interface Row {
  label: string;
  title: string;
  output: string;
  wrapper?: Wrapper;
  settle?: (error?: Error) => void;
  settled: boolean;
}

const bar = (fraction: number) => {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * 20);
  return `${'█'.repeat(filled)}${'░'.repeat(20 - filled)}`;
};

export function createTaskView(stream: NodeJS.WriteStream, redact: (text: string) => string): RunView {
  const rows = new Map<string, Row>();
  let running: Promise<unknown> = Promise.resolve();

  const update = (key: string, title?: string, output?: string) => {
    const row = rows.get(key);
    if (!row) return;
    if (title !== undefined) row.title = redact(`${row.label}  ${title}`);
    if (output !== undefined) row.output = redact(output);
    if (row.wrapper) {
      row.wrapper.title = row.title;
      if (output !== undefined) row.wrapper.output = row.output;
    }
  };
  const settle = (key: string, how: { error?: string; skip?: string }) => {
    const row = rows.get(key);
    if (!row || row.settled) return;
    row.settled = true;
    if (how.skip !== undefined && row.wrapper) row.wrapper.skip(redact(how.skip));
    row.settle?.(how.error === undefined ? undefined : new Error(redact(how.error)));
  };
  const addRow = (key: string, label: string, title: string) =>
    rows.set(key, { label, title: `${label}  ${title}`, output: '', settled: false });

  return {
    start(shots: readonly ViewShot[]) {
      const width = Math.max(6, ...shots.map((s) => s.id.length));
      for (const shot of shots) addRow(shot.id, shot.id.padEnd(width), `queued · ${formatUsd(shot.costMicroUsd)}`);
      addRow('stitch', 'stitch'.padEnd(width), 'waiting for the shots');
      const tasks = [...rows.entries()].map(([key, row]) => ({
        title: row.title,
        task: (_ctx: unknown, wrapper: Wrapper) =>
          new Promise<void>((resolve, reject) => {
            row.wrapper = wrapper;
            wrapper.title = row.title;
            if (row.output) wrapper.output = row.output;
            row.settle = (error) => (error ? reject(error) : resolve());
            if (row.settled) resolve();
            void key;
          }),
      }));
      const listr = new Listr(tasks, {
        concurrent: true,
        exitOnError: false,
        registerSignalListeners: false,
        rendererOptions: {
          logger: new ListrLogger({ processOutput: new ProcessOutput(stream, stream) }),
          timer: PRESET_TIMER,
          collapseErrors: false,
          collapseSkips: false,
        },
      });
      running = listr.run().catch(() => undefined);
    },
    event(event: RunEvent) {
      if (!('shot' in event) || !event.shot) return;
      const shot = event.shot;
      switch (event.type) {
        case 'shot-cached':
          update(shot, `cached · saved ${formatUsd(event.savedMicroUsd)}`);
          return settle(shot, {});
        case 'clip-found':
          update(shot, 'in the cache');
          return settle(shot, {});
        case 'clip-missing':
          return settle(shot, { skip: `${shot}: ${describeEvent(event)}` });
        case 'progress':
          return update(shot, `${progressState(event)} ${event.percent}% ${bar(event.percent / 100)}`);
        case 'shot-done':
          update(shot, `done · ${formatUsd(event.costMicroUsd)}`);
          return settle(shot, {});
        case 'intent':
          update(shot, event.kind === 'remix' ? 'remixing' : 'submitting', describeEvent(event));
          return;
        case 'created':
        case 'adopted':
        case 'reattached':
          update(shot, 'at the provider', describeEvent(event));
          return;
        case 'shot-failed':
          return settle(shot, { error: `${shot}: ${describeEvent(event)}` });
        case 'shot-skipped':
          return settle(shot, { skip: `${shot}: ${describeEvent(event)}` });
        default:
          return update(shot, undefined, describeEvent(event));
      }
    },
    stitch(progress: StitchProgress) {
      if (progress.phase === 'progress' || progress.phase === 'start') {
        const eta = progress.etaSeconds === undefined ? '' : ` ETA ${Math.ceil(progress.etaSeconds)}s`;
        return update('stitch', `${bar(progress.fraction ?? 0)} ${Math.round((progress.fraction ?? 0) * 100)}%${eta}`);
      }
      if (progress.phase === 'done') {
        update('stitch', `done${progress.message ? ` · ${progress.message}` : ''}`);
        return settle('stitch', {});
      }
      if (progress.phase === 'skipped') return settle('stitch', { skip: `stitch: ${progress.message ?? 'skipped'}` });
      return settle('stitch', { error: `stitch: ${progress.message ?? 'failed'}` });
    },
    note(text: string) {
      update('stitch', undefined, text);
    },
    async abort() {
      for (const key of rows.keys()) settle(key, { skip: `${key}: not run` });
      await running;
    },
    async finish(summary: RunSummary) {
      await this.abort();
      stream.write(`${redact(describeSummary(summary))}\n`);
      if (summary.output) stream.write(`final cut: ${redact(summary.output)}\n`);
      if (summary.report) stream.write(`report:    ${redact(summary.report)}\n`);
    },
  };
}
