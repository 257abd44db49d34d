// The executor bench's timing figures (issue 12), from a simulator's own records, so the product and the naive script
// are measured alike: how long after its parent's job finished each remix was sent, how long after each job finished
// a status check first saw it done, and how many status checks each job took.
import { quantile } from './support/quantile.js';

/** `stats`: a simulator's stats(). Every figure is in ms or counts, per job. */
export function timingFigures(stats) {
  const byId = new Map(stats.jobs.map((job) => [job.id, job]));
  const retrieves = new Map();
  for (const entry of stats.requests.log) {
    if (entry.route !== 'retrieve' || !entry.videoId) continue;
    retrieves.set(entry.videoId, [...(retrieves.get(entry.videoId) ?? []), entry.atMs]);
  }
  const finished = stats.jobs.filter((job) => job.finishedAtMs !== null);
  // The first check that arrived once the job was done (the simulator answers from its clock at arrival).
  const noticed = finished.map((job) => (retrieves.get(job.id) ?? []).find((at) => at >= job.finishedAtMs)).map((at, i) => (at === undefined ? NaN : at - finished[i].finishedAtMs)).filter(Number.isFinite);
  const remixDelays = stats.jobs.filter((job) => job.remixedFromVideoId).map((job) => job.createdAtMs - byId.get(job.remixedFromVideoId).finishedAtMs);
  const polls = stats.jobs.map((job) => (retrieves.get(job.id) ?? []).length);
  return {
    remixDelays,
    remixDelayMedian: quantile(remixDelays, 0.5),
    noticedMedian: quantile(noticed, 0.5),
    noticedP90: quantile(noticed, 0.9),
    pollsPerJob: polls.reduce((a, b) => a + b, 0) / Math.max(1, polls.length),
    pollsMax: Math.max(0, ...polls),
  };
}
