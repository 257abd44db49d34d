// An OpenRouter job id as the executor keeps it: `openrouter:<OpenRouter's job id>`. OpenRouter's id alone names the
// job for poll and content, so nothing else is needed to follow a job, even after a restart.

export const openRouterJobPrefix = 'openrouter:';

export function openRouterJobId(id: string): string {
  return `${openRouterJobPrefix}${id}`;
}

/** OpenRouter's own id, or undefined for anything else (an OpenAI `video_…` id, a fal id, a mangled string). */
export function parseOpenRouterJobId(jobId: string): string | undefined {
  if (!jobId.startsWith(openRouterJobPrefix)) return undefined;
  const id = jobId.slice(openRouterJobPrefix.length);
  // Opaque, but path-safe: both live shapes (20 alphanumerics, `gen-vid-<unix>-<20>`) fit.
  return /^[A-Za-z0-9_-]{1,200}$/.test(id) ? id : undefined;
}
