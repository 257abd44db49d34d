// A finished run as the CI reports see it: one shot from the cache, one generated, one failed with a hostile
// message, its remix skipped, and the cut not stitched.
import type { CiRun } from '../../../src/cli/ci/ci-run.js';
import type { RunResult } from '../../../src/run/types.js';

export const hostile = 'blocked: <script>alert("x")</script> & | pipes | \u0007bell\u001b[31m\nsecond line \uD800 ]]>';

export function ciRunFixture(overrides: Partial<RunResult> = {}): CiRun {
  const shot = { attempts: 0, costMicroUsd: 0, possiblyBilledMicroUsd: 0, earlierRunsMicroUsd: 0 };
  const result: RunResult = {
    outcome: 'failed',
    shots: [
      { ...shot, id: 'skyline', status: 'completed', cache: 'hit', jobId: 'video_1' },
      { ...shot, id: 'street', status: 'completed', cache: 'paid', attempts: 1, costMicroUsd: 800_000, jobId: 'video_2' },
      { ...shot, id: 'rooftop', status: 'failed', cache: 'paid', attempts: 1, costMicroUsd: 400_000, error: { code: 'MODERATION', message: hostile, hint: 'reword the prompt' } },
      { ...shot, id: 'rooftop-night', status: 'skipped', cache: 'none', skipReason: 'the shot it remixes (rooftop) failed' },
    ],
    totals: { spentMicroUsd: 1_200_000, savedMicroUsd: 400_000, reservedMicroUsd: 0, possiblyBilledMicroUsd: 0, earlierRunsMicroUsd: 0, earlierHeldMicroUsd: 0, requests: 0 },
    outDir: '/tmp/out/neon-city',
    cut: null,
    cutError: 'not stitched: not every shot completed',
    report: { json: '/tmp/out/neon-city/report.json', html: '/tmp/out/neon-city/report.html' },
    summary: {
      outcome: 'failed', done: 2, cached: 1, failed: 1, skipped: 1,
      spentMicroUsd: 1_200_000, savedMicroUsd: 400_000, possiblyBilledMicroUsd: 0, earlierRunsMicroUsd: 0, reservedMicroUsd: 0, capMicroUsd: 5_000_000,
    },
    timeline: {
      shots: [
        { shotId: 'skyline', phases: [{ phase: 'cached', startMs: 1_000, endMs: 1_000 }] },
        { shotId: 'street', phases: [{ phase: 'queued', startMs: 1_000, endMs: 2_000 }, { phase: 'generating', startMs: 2_000, endMs: 13_250 }] },
        { shotId: 'rooftop', phases: [{ phase: 'generating', startMs: 2_000, endMs: 4_500 }] },
        { shotId: 'rooftop-night', phases: [] },
      ],
      finish: [{ phase: 'publishing', startMs: 13_250, endMs: 13_300 }],
    },
    ...overrides,
  };
  return { name: 'neon-city', result };
}
