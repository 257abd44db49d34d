// A JUnit XML report of a run: one test case per shot (its time, and why it failed or was skipped) and one for the
// cut, the format every CI dashboard reads. Written by hand: a few elements need no XML library at run time.
import { cutSeconds, cutState, shotReason, shotSeconds, type CiRun, type CiStop } from './ci-run.js';
import { xmlAttribute as attr, xmlText as text } from './xml.js';

interface TestCase {
  classname: string;
  name: string;
  seconds: number;
  failure?: { type: string; message: string; detail: string };
  skipped?: string;
  output?: string;
}

const seconds = (value: number) => value.toFixed(3);

export function junitXml(run: CiRun): string {
  const cases: TestCase[] = run.result.shots.map((shot) => {
    const testCase: TestCase = { classname: `${run.name}.shots`, name: shot.id, seconds: shotSeconds(run, shot.id) };
    const facts = [`cache: ${shot.cache}`, `paid attempts: ${shot.attempts}`, ...(shot.jobId ? [`job: ${shot.jobId}`] : [])];
    testCase.output = facts.join('\n');
    if (shot.status === 'failed') {
      const code = shot.error?.code ?? 'FAILED';
      testCase.failure = { type: code, message: shot.error?.message ?? shotReason(shot), detail: shotReason(shot) };
    } else if (shot.status === 'skipped') testCase.skipped = shotReason(shot);
    return testCase;
  });
  const cut = cutState(run);
  const cutCase: TestCase = { classname: run.name, name: 'cut', seconds: cutSeconds(run) };
  if (cut.status === 'failed') cutCase.failure = { type: 'STITCH', message: cut.reason, detail: cut.reason };
  if (cut.status === 'skipped') cutCase.skipped = cut.reason;
  if (run.result.cut) cutCase.output = `${run.result.cut.file} (${run.result.cut.durationSeconds.toFixed(2)} s)`;
  return document(run.name, [...cases, cutCase]);
}

/** The report of a command stopped before any shot: one failing case naming every problem, so the dashboard says why. */
export function junitStopXml(stop: CiStop): string {
  const detail = stop.problems.map((p) => `${p.location ? `${p.location.file}:${p.location.line ?? 1}:${p.location.col ?? 1}: ` : ''}${p.code}: ${p.message}`).join('\n');
  const first = stop.problems[0];
  return document(stop.file, [
    { classname: stop.file, name: 'storyboard', seconds: 0, failure: { type: first?.code ?? 'FAILED', message: first?.message ?? 'render stopped', detail } },
  ]);
}

function document(suite: string, cases: readonly TestCase[]): string {
  const failures = cases.filter((c) => c.failure).length;
  const skipped = cases.filter((c) => c.skipped !== undefined).length;
  const total = cases.reduce((sum, c) => sum + c.seconds, 0);
  const counts = `tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${seconds(total)}"`;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="storyboard-render" ${counts}>`,
    `  <testsuite name="${attr(suite)}" ${counts}>`,
    ...cases.flatMap(testCaseLines),
    '  </testsuite>',
    '</testsuites>',
  ];
  return `${lines.join('\n')}\n`;
}

function testCaseLines(c: TestCase): string[] {
  const open = `    <testcase classname="${attr(c.classname)}" name="${attr(c.name)}" time="${seconds(c.seconds)}"`;
  const body: string[] = [];
  if (c.failure) body.push(`      <failure type="${attr(c.failure.type)}" message="${attr(c.failure.message)}">${text(c.failure.detail)}</failure>`);
  if (c.skipped !== undefined) body.push(`      <skipped message="${attr(c.skipped)}"/>`);
  if (c.output) body.push(`      <system-out>${text(c.output)}</system-out>`);
  return body.length === 0 ? [`${open}/>`] : [`${open}>`, ...body, '    </testcase>'];
}
