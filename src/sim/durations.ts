// How long a simulated generation takes: longer clips, pro models and big frames take longer, all × timeScale.
export interface DurationModel {
  /** Time spent `queued`, ms. */
  queueMs: number;
  /** Fixed part of the `in_progress` time, ms. */
  baseMs: number;
  /** Extra `in_progress` time per generated second, ms. */
  perSecondMs: number;
  /** Multiplier for `*-pro*` models. */
  proFactor: number;
  /** Multiplier for frames larger than 1280x720. */
  largeFactor: number;
}

// At timeScale 1, sora-2 4 s takes 23 s and sora-2-pro 12 s at 1792x1024 about 2 minutes: "several minutes" in reality
// (docs/design/openai-videos-protocol.md#rate-limits-and-latency).
export const defaultDurations: DurationModel = { queueMs: 3_000, baseMs: 8_000, perSecondMs: 3_000, proFactor: 2, largeFactor: 1.25 };

export function generationTimes(model: string, size: string, seconds: number, timeScale: number, durations: DurationModel): { queueMs: number; runMs: number } {
  const [width = 0, height = 0] = size.split('x').map(Number);
  const factor = (model.includes('-pro') ? durations.proFactor : 1) * (width * height > 1280 * 720 ? durations.largeFactor : 1);
  return {
    queueMs: Math.round(durations.queueMs * timeScale),
    runMs: Math.round((durations.baseMs + durations.perSecondMs * seconds) * factor * timeScale),
  };
}
