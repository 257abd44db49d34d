// The edge of the report stage: report.json and report.html written atomically, every string through the redactor.
import { join } from 'node:path';
// Generic durable-write helpers that live with the cache for now; they belong in src/common (see the report to the lead).
import { writeFileAtomic } from '../common/durable-fs.js';
import { fsUserError, makeDir } from '../common/fs-errors.js';
import { renderReportHtml } from './html.js';
import type { Report } from './types.js';

/** Redact every string field before rendering: an escaped secret in HTML or JSON would no longer match the redactor. */
export function redactReport(report: Report, redact: (s: string) => string): Report {
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return redact(value);
    if (Array.isArray(value)) return value.map(walk);
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
    }
    return value;
  };
  return walk(report) as Report;
}

/** A reader sees the old file or the whole new one, never half (temp file in the same folder, fsync, rename). */
async function writeWhole(dir: string, name: string, text: string): Promise<string> {
  const file = join(dir, name);
  try {
    await makeDir(dir);
    await writeFileAtomic(file, text, dir);
  } catch (error) {
    throw fsUserError(error, file, 'cannot write the report', 'pass a writable --out folder');
  }
  return file;
}

export async function writeReport(
  dir: string,
  report: Report,
  redact: (s: string) => string,
): Promise<{ json: string; html: string }> {
  const clean = redactReport(report, redact);
  // The second pass catches anything a secret could still hide in once serialised (belt and braces).
  const json = await writeWhole(dir, 'report.json', redact(JSON.stringify(clean, null, 2) + '\n'));
  const html = await writeWhole(dir, 'report.html', redact(renderReportHtml(clean)));
  return { json, html };
}
