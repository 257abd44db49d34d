// A realistic run record shared by the report's unit and browser tests: paid, cached, moderated and skipped shots.
import type { PhaseSpanRecord, RunRecord, ShotPhase, ShotRecord } from '../../../src/report/types.js';

export const hostilePrompt = `A lighthouse at dawn <script>alert("x")</script> <img src=x onerror="alert(1)"> & 'waves' "crash"`;
const sha = (c: string): string => c.repeat(64);

function shot(overrides: Partial<ShotRecord> & Pick<ShotRecord, 'id'>): ShotRecord {
  return {
    kind: 'create',
    model: 'sora-2',
    size: '1280x720',
    seconds: 4,
    prompt: 'Waves against black rocks, slow push in',
    take: 1,
    cache: 'paid',
    attempts: 1,
    status: 'completed',
    costMicroUsd: 400_000,
    possiblyBilledMicroUsd: 0,
    earlierRunsMicroUsd: 0,
    savedMicroUsd: 0,
    ...overrides,
  };
}

const startedMs = Date.parse('2026-09-21T21:04:05.000Z');

/** Phases as [phase, from, to] in seconds since the run started. */
function spans<P extends string>(...list: Array<[P, number, number]>): Array<PhaseSpanRecord<P>> {
  return list.map(([phase, from, to]) => ({ phase, startMs: startedMs + from * 1000, endMs: startedMs + to * 1000 }));
}

/** Where the fixture run's 192.5 s went: the closing shot's long generation, then a 24 s stitch. */
export function timelineSeconds(): { shots: Array<[string, Array<[ShotPhase, number, number]>]>; finish: Array<['publishing' | 'stitching' | 'contact-sheet', number, number]> } {
  return {
    shots: [
      ['opening', [['queued', 0.2, 2], ['generating', 2, 80], ['downloading', 80, 84.5], ['checking', 84.5, 86]]],
      ['keeper', [['cached', 0.3, 0.3]]],
      ['storm', [['queued', 0.2, 3], ['generating', 3, 61]]],
      ['storm-remix', [['queued', 0.2, 61]]],
      ['closing', [['queued', 0.2, 1.5], ['generating', 1.5, 150], ['downloading', 150, 158], ['checking', 158, 160.2]]],
    ],
    finish: [['publishing', 160.5, 162], ['stitching', 162, 186], ['contact-sheet', 186, 191]],
  };
}

export function runRecord(): RunRecord {
  const seconds = timelineSeconds();
  return {
    storyboard: { name: 'Lighthouse at dawn', file: 'boards/lighthouse.yaml', sha256: sha('a') },
    startedAt: '2026-09-21T21:04:05.000Z',
    finishedAt: '2026-09-21T21:07:17.500Z',
    toolVersion: '0.1.0',
    provider: { kind: 'openai', baseUrl: 'https://api.openai.com/v1' },
    outcome: 'failed',
    shots: [
      shot({ id: 'opening', prompt: hostilePrompt, jobId: 'video_opening1', file: 'shots/opening.mp4', thumbnail: 'shots/opening.webp', sha256: sha('b') }),
      shot({ id: 'keeper', cache: 'hit', attempts: 0, costMicroUsd: 0, savedMicroUsd: 400_000, jobId: 'video_keeper1', file: 'shots/keeper.mp4', thumbnail: 'shots/keeper.webp', sha256: sha('c') }),
      shot({
        id: 'storm',
        status: 'failed',
        jobId: 'video_storm1',
        prompt: 'A storm tears the lighthouse apart',
        error: { code: 'moderation_blocked', message: 'Your request was blocked by our moderation system.' },
      }),
      shot({ id: 'storm-remix', kind: 'remix', remixOf: 'storm', status: 'skipped', cache: 'none', attempts: 0, costMicroUsd: 0, skipReason: 'the shot it remixes (storm) failed' }),
      shot({ id: 'closing', model: 'sora-2-pro', size: '720x1280', seconds: 8, take: 2, costMicroUsd: 2_400_000, jobId: 'video_closing2', file: 'shots/closing.mp4', thumbnail: 'shots/closing.webp', sha256: sha('d') }),
    ],
    budget: { capMicroUsd: 5_000_000, reservedMicroUsd: 0 },
    cut: {
      file: 'final.mp4',
      sha256: sha('e'),
      durationSeconds: 15,
      transition: { type: 'crossfade', seconds: 0.5 },
      entries: [
        { shotId: 'opening', startSeconds: 0, endSeconds: 4 },
        { shotId: 'keeper', startSeconds: 3.5, endSeconds: 7.5 },
        { shotId: 'closing', startSeconds: 7, endSeconds: 15 },
      ],
    },
    contactSheet: 'contact-sheet.jpg',
    timeline: {
      shots: seconds.shots.map(([shotId, list]) => ({ shotId, phases: spans(...list) })),
      finish: spans(...seconds.finish),
    },
  };
}
