// How many clip checks (ffprobe + a full ffmpeg decode, child processes) may run at once. They are CPU-bound and each
// decoder uses threads of its own, so more at once than there are cores only makes every one slower, and the CLI's own
// loop (polls, downloads, the journal) waits behind them for a core. Pure: the core count is passed in.

/** One check per core, at least one; a caller's explicit limit wins (tests, a machine shared with other work). */
export function checkConcurrency(cores: number, requested?: number): number {
  if (requested !== undefined && Number.isFinite(requested) && requested >= 1) return Math.floor(requested);
  return Number.isFinite(cores) && cores >= 1 ? Math.floor(cores) : 1;
}
