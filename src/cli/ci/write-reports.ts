// Writes the CI reports a run was asked for: the JUnit file (--junit) and the Markdown appended to the file GitHub
// names in $GITHUB_STEP_SUMMARY (with --format github). The one place here that touches the file system.
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CiRun, CiStop } from './ci-run.js';
import { junitStopXml, junitXml } from './junit.js';
import { stepSummary, stopSummary } from './step-summary.js';

export interface CiTargets {
  /** Absolute path of the JUnit file to write. */
  junit?: string | undefined;
  /** Absolute path of the step summary file to append to. */
  stepSummary?: string | undefined;
}

export async function writeRunReports(run: CiRun, targets: CiTargets, redact: (text: string) => string): Promise<void> {
  await write(targets, redact, () => junitXml(run), () => stepSummary(run));
}

export async function writeStopReports(stop: CiStop, targets: CiTargets, redact: (text: string) => string): Promise<void> {
  await write(targets, redact, () => junitStopXml(stop), () => stopSummary(stop));
}

async function write(targets: CiTargets, redact: (text: string) => string, junit: () => string, summary: () => string): Promise<void> {
  if (targets.junit) {
    await mkdir(path.dirname(targets.junit), { recursive: true });
    await writeFile(targets.junit, redact(junit()));
  }
  if (targets.stepSummary) await appendFile(targets.stepSummary, redact(summary()));
}
