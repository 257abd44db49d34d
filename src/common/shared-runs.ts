// Group commit for an operation keyed by a name (a folder's fsync): callers that ask while one run is in flight share
// the next run, which starts when that one ends. A caller always gets a run that began after it asked, so it keeps
// the guarantee a run of its own would give (a folder fsync that began before a rename need not cover it), with one
// run per wave of callers instead of one each.
interface KeyState {
  /** The run going on now. */
  inFlight?: Promise<void> | undefined;
  /** The run every later caller shares, started when inFlight ends. */
  queued?: Promise<void> | undefined;
}

export function sharedRuns(run: (key: string) => Promise<void>): (key: string) => Promise<void> {
  const states = new Map<string, KeyState>();
  const start = (key: string, state: KeyState): Promise<void> => {
    const running: Promise<void> = run(key).finally(() => {
      if (state.inFlight !== running) return;
      state.inFlight = undefined;
      if (!state.queued) states.delete(key);
    });
    state.inFlight = running;
    return running;
  };
  const stateOf = (key: string): KeyState => {
    const known = states.get(key);
    if (known) return known;
    const fresh: KeyState = {};
    states.set(key, fresh);
    return fresh;
  };
  return (key) => {
    const state = stateOf(key);
    if (state.queued) return state.queued;
    const inFlight = state.inFlight;
    if (!inFlight) return start(key, state);
    const ended = inFlight.then(
      () => undefined,
      () => undefined,
    );
    state.queued = ended.then(() => {
      state.queued = undefined;
      return start(key, state);
    });
    return state.queued;
  };
}
