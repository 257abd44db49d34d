// A Runway job id is the task id behind a prefix, `runway:<task id>`: the task id alone is enough for retrieve,
// download and delete, even after a restart, and the prefix tells a Runway job from any other provider's.

export const runwayJobPrefix = 'runway:';

export function runwayJobId(taskId: string): string {
  return `${runwayJobPrefix}${taskId}`;
}

/** The task id inside a Runway job id, or undefined for anything else. */
export function parseRunwayJobId(id: string): string | undefined {
  if (!id.startsWith(runwayJobPrefix)) return undefined;
  const taskId = id.slice(runwayJobPrefix.length);
  return /^[A-Za-z0-9-]{1,100}$/.test(taskId) ? taskId : undefined;
}
