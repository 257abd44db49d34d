// The JUnit report is well-formed XML whatever a provider says, and a dashboard reading it sees one case per shot
// with its time, the failure with its code and reason, the skip with its reason, and the cut.
import { describe, expect, it } from 'vitest';
import { RenderError } from '../../../src/common/errors.js';
import { junitStopXml, junitXml } from '../../../src/cli/ci/junit.js';
import { findAll, parseXml } from '../../support/xml.js';
import { ciRunFixture, hostile } from './ci-fixture.js';

describe('junitXml', () => {
  it('has one test case per shot and one for the cut, with times, failures and skips', () => {
    const root = parseXml(junitXml(ciRunFixture()));
    expect(root.name).toBe('testsuites');
    const [suite] = findAll(root, 'testsuite');
    expect(suite!.attributes).toMatchObject({ name: 'neon-city', tests: '5', failures: '1', skipped: '2', errors: '0' });
    const cases = findAll(root, 'testcase');
    expect(cases.map((c) => c.attributes.name)).toEqual(['skyline', 'street', 'rooftop', 'rooftop-night', 'cut']);
    expect(cases.map((c) => Number(c.attributes.time))).toEqual([0, 12.25, 2.5, 0, 0]);
    const [failure] = findAll(cases[2]!, 'failure');
    expect(failure!.attributes.type).toBe('MODERATION');
    expect(failure!.text).toContain('reword the prompt');
    expect(findAll(cases[3]!, 'skipped')[0]!.attributes.message).toBe('the shot it remixes (rooftop) failed');
    expect(findAll(cases[4]!, 'skipped')[0]!.attributes.message).toBe('not stitched: not every shot completed');
    expect(findAll(cases[0]!, 'failure')).toEqual([]);
    expect(findAll(cases[0]!, 'system-out')[0]!.text).toContain('cache: hit');
    expect(Number(suite!.attributes.time)).toBeCloseTo(14.75, 3);
  });

  it('keeps a hostile message as text: markup escaped, line breaks kept, characters XML forbids dropped', () => {
    const xml = junitXml(ciRunFixture());
    const failure = findAll(parseXml(xml), 'failure')[0]!;
    const readable = hostile.replace(/[\u0007\u001b\uD800]/g, '');
    expect(failure.attributes.message).toBe(readable);
    expect(failure.text).toBe(`MODERATION: ${readable} (reword the prompt)`);
    expect(xml).not.toContain('<script>');
  });

  it('marks the cut failed when the stitch failed, passed with its file when there is one', () => {
    const failed = ciRunFixture({ cutError: 'ffmpeg exited 1', stitchFailed: true });
    failed.result.timeline!.finish.push({ phase: 'stitching', startMs: 0, endMs: 3_000 });
    const cutCase = findAll(parseXml(junitXml(failed)), 'testcase').at(-1)!;
    expect(findAll(cutCase, 'failure')[0]!.attributes.message).toBe('ffmpeg exited 1');
    expect(cutCase.attributes.time).toBe('3.000');
    const made = ciRunFixture({ cut: { file: 'neon-city.mp4', sha256: 'x', durationSeconds: 21, transition: { type: 'cut', seconds: 0 }, entries: [] } });
    const madeCase = findAll(parseXml(junitXml(made)), 'testcase').at(-1)!;
    expect(madeCase.children.map((c) => c.name)).toEqual(['system-out']);
  });

  it('reports a run stopped before any shot as one failing case naming every problem', () => {
    const problems = [
      new RenderError('SCHEMA_UNKNOWN_KEY', 'unknown key "promt"', { location: { file: 'a.yaml', line: 7, col: 5 } }),
      new RenderError('MODEL_SIZE', 'size <9x9> & more', { location: { file: 'a.yaml', line: 9, col: 11 } }),
    ];
    const cases = findAll(parseXml(junitStopXml({ file: 'a.yaml', problems })), 'testcase');
    expect(cases).toHaveLength(1);
    const failure = findAll(cases[0]!, 'failure')[0]!;
    expect(failure.attributes.type).toBe('SCHEMA_UNKNOWN_KEY');
    expect(failure.text.split('\n')).toEqual(['a.yaml:7:5: SCHEMA_UNKNOWN_KEY: unknown key "promt"', 'a.yaml:9:11: MODEL_SIZE: size <9x9> & more']);
  });
});

describe('the test XML reader', () => {
  it('refuses what is not well-formed (so reading a report back proves it is)', () => {
    for (const bad of ['<a>&</a>', '<a><b></a>', '<a x=1/>', '<a x="1" x="2"/>', '<a>1 < 2</a>', '<a/><b/>', '<a>\u0007</a>', '<a>&bogus;</a>']) {
      expect(() => parseXml(bad), bad).toThrow();
    }
    expect(parseXml('<a x="&quot;&#10;">&lt;&amp;&#x41;</a>')).toEqual({ name: 'a', attributes: { x: '"\n' }, children: [], text: '<&A' });
  });
});
