// Pure: turns what the executor recorded into the report.json shape (no fs, no clock, no env).
import { stripControl } from '../common/redact.js';
import { requestOf } from '../plan/plan.js';
import { money, timecode } from './format.js';
import type { CutRecord, PhaseSpanRecord, Report, ReportCut, ReportShot, ReportSpan, ReportTimeline, RunRecord, ShotCounts, ShotRecord } from './types.js';

const moderationPattern = /moderation|content[ _-]?policy|safety system/i;

/** Moderation blocks come as `moderation_blocked` or only as a message, depending on provider and gateway. */
export function isModerationError(error: { code: string; message: string }): boolean {
  return moderationPattern.test(error.code) || moderationPattern.test(error.message);
}

/** A base URL with any `user:password@` removed: the report is shared, credentials must not travel with it. */
export function stripUserinfo(baseUrl: string): string {
  try {
    const url = new URL(baseUrl);
    url.username = '';
    url.password = '';
    return url.toString();
  } catch {
    return baseUrl.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/\s]*@/i, '$1');
  }
}

function buildShot(shot: ShotRecord): ReportShot {
  const error = shot.error
    ? { code: stripControl(shot.error.code), message: stripControl(shot.error.message), moderation: isModerationError(shot.error) }
    : null;
  return {
    ...requestOf(shot),
    provider: shot.provider ?? 'openai',
    remixOf: shot.remixOf ?? null,
    cache: shot.cache,
    jobId: shot.jobId ?? null,
    attempts: shot.attempts,
    status: shot.status,
    error,
    skipReason: shot.skipReason === undefined ? null : stripControl(shot.skipReason),
    cost: money(shot.costMicroUsd),
    estimate: shot.estimateMicroUsd === undefined ? null : money(shot.estimateMicroUsd),
    charged: shot.chargedMicroUsd === undefined ? null : money(shot.chargedMicroUsd),
    possiblyBilled: money(shot.possiblyBilledMicroUsd),
    earlierRuns: money(shot.earlierRunsMicroUsd),
    saved: money(shot.savedMicroUsd),
    file: shot.file ?? null,
    thumbnail: shot.thumbnail ?? null,
    sha256: shot.sha256 ?? null,
  };
}

export function countShots(shots: readonly ShotRecord[]): ShotCounts {
  const count = (keep: (s: ShotRecord) => boolean): number => shots.filter(keep).length;
  return {
    total: shots.length,
    completed: count((s) => s.status === 'completed'),
    cached: count((s) => s.status === 'completed' && s.cache === 'hit'),
    failed: count((s) => s.status === 'failed'),
    skipped: count((s) => s.status === 'skipped'),
  };
}

function buildCut(cut: CutRecord): ReportCut {
  return {
    file: cut.file,
    sha256: cut.sha256,
    durationSeconds: cut.durationSeconds,
    duration: timecode(cut.durationSeconds),
    transition: { ...cut.transition },
    entries: cut.entries.map((e) => ({ ...e, start: timecode(e.startSeconds), end: timecode(e.endSeconds) })),
  };
}

function elapsedSeconds(startedAt: string, finishedAt: string): number {
  const ms = Date.parse(finishedAt) - Date.parse(startedAt);
  return Number.isFinite(ms) && ms > 0 ? ms / 1000 : 0;
}

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

/** What the providers said they charged against what the catalog expected, over the shots where they said so. */
function chargeTotals(shots: readonly ShotRecord[]): Pick<Report['totals'], 'estimate' | 'charged' | 'chargedMinusEstimate'> {
  const charged = shots.filter((s) => s.chargedMicroUsd !== undefined);
  const chargedSum = sum(charged.map((s) => s.chargedMicroUsd!));
  return {
    estimate: money(sum(shots.map((s) => s.estimateMicroUsd ?? 0))),
    charged: charged.length === 0 ? null : money(chargedSum),
    chargedMinusEstimate: charged.length === 0 ? null : money(chargedSum - sum(charged.map((s) => s.estimateMicroUsd ?? 0))),
  };
}

/** Seconds since the run started, to the millisecond; never before it. */
function spanFrom<P extends string>(originMs: number) {
  const seconds = (ms: number): number => Math.max(0, Math.round(ms - originMs)) / 1000;
  return (span: PhaseSpanRecord<P>): ReportSpan<P> => ({ phase: span.phase, startSeconds: seconds(span.startMs), endSeconds: seconds(span.endMs) });
}

function buildTimeline(record: RunRecord): ReportTimeline {
  const origin = Date.parse(record.startedAt);
  const timeline = record.timeline ?? { shots: record.shots.map((s) => ({ shotId: s.id, phases: [] })), finish: [] };
  return {
    shots: timeline.shots.map((row) => ({ shotId: row.shotId, phases: row.phases.map(spanFrom(origin)) })),
    finish: timeline.finish.map(spanFrom(origin)),
  };
}

/** Totals are derived from the shots, so the page and the JSON can never disagree with the rows they summarise. */
export function buildReport(record: RunRecord): Report {
  const { shots, budget } = record;
  return {
    schemaVersion: 1,
    tool: { name: 'storyboard-render', version: record.toolVersion },
    storyboard: { ...record.storyboard },
    provider: {
      kind: record.provider.kind,
      baseUrl: stripUserinfo(record.provider.baseUrl),
      ...(record.provider.endpoints ? { endpoints: Object.fromEntries(Object.entries(record.provider.endpoints).map(([name, url]) => [name, stripUserinfo(url)])) } : {}),
    },
    time: {
      startedAt: record.startedAt,
      finishedAt: record.finishedAt,
      durationSeconds: elapsedSeconds(record.startedAt, record.finishedAt),
    },
    outcome: record.outcome,
    totals: {
      spent: money(sum(shots.map((s) => s.costMicroUsd))),
      possiblyBilled: money(sum(shots.map((s) => s.possiblyBilledMicroUsd))),
      earlierRuns: money(sum(shots.map((s) => s.earlierRunsMicroUsd))),
      savedByCache: money(sum(shots.map((s) => s.savedMicroUsd))),
      reserved: money(budget.reservedMicroUsd),
      cap: budget.capMicroUsd === undefined ? null : money(budget.capMicroUsd),
      ...chargeTotals(shots),
      shots: countShots(shots),
    },
    cut: record.cut ? buildCut(record.cut) : null,
    cutError: record.cutError === undefined ? null : stripControl(record.cutError),
    contactSheet: record.contactSheet ?? null,
    shots: shots.map(buildShot),
    timeline: buildTimeline(record),
  };
}
