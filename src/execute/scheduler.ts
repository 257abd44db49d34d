// Run a forest of tasks (remixes after their parent) with at most `concurrency` holding a slot. Ready tasks start
// longest-remaining-chain first, so remix chains are not starved behind independent shots (makespan). A task may
// give its slot back early (a finished job is no longer "in flight" while its clip downloads). A task may also belong to
// a group with its own limit (a provider's concurrency), held and released with the run's slot. A task may release its
// `early` dependents before it finishes (a remix needs its parent's finished job, not its downloaded clip).

export interface DagTask<T, E = never> {
  id: string;
  /** Runs only after this task has finished (its result is passed in). */
  after?: string | undefined;
  /**
   * Starts as soon as the `after` task releases its dependents (with that early value) instead of at its finish; one
   * still waiting for a slot when the parent finishes gets the final result instead.
   */
  early?: boolean | undefined;
  /** Expected duration of this task alone (seconds of video is a fair proxy). */
  weight: number;
  /** Takes no slot (a cache hit costs nothing and waits on nothing). */
  free: boolean;
  /** Also takes a slot of each of these groups (a provider, one of its models) that has a limit. */
  groups?: readonly string[] | undefined;
  /**
   * `releaseSlot` frees this task's slot before it finishes (idempotent); `releaseDependents` starts its `early`
   * dependents now, with `value` (idempotent: the first value counts).
   */
  run(parent: T | E | undefined, releaseSlot: () => void, releaseDependents: (value: E) => void): Promise<T>;
}

/** Each task's weight plus the heaviest chain of descendants below it. Pure. */
export function chainWeights(tasks: ReadonlyArray<Pick<DagTask<unknown, unknown>, 'id' | 'after' | 'weight'>>): Map<string, number> {
  const children = new Map<string, string[]>();
  for (const task of tasks) if (task.after !== undefined) children.set(task.after, [...(children.get(task.after) ?? []), task.id]);
  const weight = new Map(tasks.map((t) => [t.id, t.weight]));
  const memo = new Map<string, number>();
  const total = (id: string, depth: number): number => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    if (depth > tasks.length) throw new Error(`remix cycle through '${id}'`);
    const below = Math.max(0, ...(children.get(id) ?? []).map((child) => total(child, depth + 1)));
    const value = (weight.get(id) ?? 0) + below;
    memo.set(id, value);
    return value;
  };
  return new Map(tasks.map((t) => [t.id, total(t.id, 0)]));
}

/**
 * Free tasks first, then the heaviest remaining chain, then a task with a parent (its chain has already run that
 * far: at equal weight left it ends later), then input order.
 */
function readyOrder<T, E>(tasks: ReadonlyArray<DagTask<T, E>>): (a: { task: DagTask<T, E> }, b: { task: DagTask<T, E> }) => number {
  const priority = chainWeights(tasks);
  const order = new Map(tasks.map((t, i) => [t.id, i]));
  const derived = (task: DagTask<T, E>) => Number(task.after !== undefined);
  return (a, b) =>
    Number(b.task.free) - Number(a.task.free) || priority.get(b.task.id)! - priority.get(a.task.id)! ||
    derived(b.task) - derived(a.task) || order.get(a.task.id)! - order.get(b.task.id)!;
}

export function runDag<T, E = never>(tasks: ReadonlyArray<DagTask<T, E>>, concurrency: number, groupLimits: Readonly<Record<string, number>> = {}): Promise<Map<string, T>> {
  const ids = new Set(tasks.map((t) => t.id));
  const compare = readyOrder(tasks);
  const results = new Map<string, T>();
  const waiting = new Map<string, DagTask<T, E>[]>();
  const ready: Array<{ task: DagTask<T, E>; parent: T | E | undefined }> = [];
  // Sorted only after something was added (a 1,000-shot run launches thousands of times; taking an item keeps the order).
  let unsorted = false;
  const makeReady = (task: DagTask<T, E>, parent: T | E | undefined) => {
    ready.push({ task, parent });
    unsorted = true;
  };
  // Tasks that released dependents early: only their children can be waiting with an early parent value.
  const releasedEarly = new Set<string>();
  for (const task of tasks) {
    if (task.after !== undefined && ids.has(task.after)) waiting.set(task.after, [...(waiting.get(task.after) ?? []), task]);
    else makeReady(task, undefined);
  }
  let running = 0;
  const inGroup = new Map<string, number>();
  const limitOf = (group: string) => (Object.hasOwn(groupLimits, group) ? Math.max(1, groupLimits[group]!) : Infinity);
  const groupsFit = (task: DagTask<T, E>) => (task.groups ?? []).every((group) => (inGroup.get(group) ?? 0) < limitOf(group));
  const full = () => running >= Math.max(1, concurrency);
  const fits = (task: DagTask<T, E>) => task.free || (!full() && groupsFit(task));
  // Free tasks sort first: with every slot taken, only a free task at the head can start.
  const nextFitting = () => (full() ? (ready[0]?.task.free ? 0 : -1) : ready.findIndex((item) => fits(item.task)));
  return new Promise((resolve, reject) => {
    const finish = (task: DagTask<T, E>, result: T, releaseSlot: () => void) => {
      results.set(task.id, result);
      for (const child of waiting.get(task.id) ?? []) makeReady(child, result);
      waiting.delete(task.id);
      // Released early but still waiting for a slot: the final word replaces the early one.
      if (releasedEarly.delete(task.id)) for (const item of ready) if (item.task.after === task.id) item.parent = result;
      releaseSlot();
      if (results.size === tasks.length) resolve(results);
      else launch();
    };
    const launch = () => {
      if (unsorted) ready.sort(compare);
      unsorted = false;
      // The first ready task that fits: one whose provider is at its limit does not hold up another provider's.
      for (let at = nextFitting(); at >= 0; at = nextFitting()) {
        const { task, parent } = ready.splice(at, 1)[0]!;
        let held = !task.free;
        const groups = task.groups ?? [];
        if (held) {
          running += 1;
          for (const group of groups) inGroup.set(group, (inGroup.get(group) ?? 0) + 1);
        }
        const releaseSlot = () => {
          if (!held) return;
          held = false;
          running -= 1;
          for (const group of groups) inGroup.set(group, (inGroup.get(group) ?? 1) - 1);
          launch();
        };
        const releaseDependents = (value: E) => {
          const early = (waiting.get(task.id) ?? []).filter((child) => child.early);
          if (early.length === 0) return;
          waiting.set(task.id, (waiting.get(task.id) ?? []).filter((child) => !child.early));
          releasedEarly.add(task.id);
          for (const child of early) makeReady(child, value);
          launch();
        };
        task.run(parent, releaseSlot, releaseDependents).then((result) => finish(task, result, releaseSlot), reject);
      }
    };
    if (tasks.length === 0) resolve(results);
    else launch();
  });
}
