// A re-run reuses the final cut only when nothing it depends on changed and the file on disk is the one made.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { cutFingerprint, rememberCut, reusableCut } from '../../../src/stitch/cut-reuse.js';
import type { Cut } from '../../../src/storyboard/model.js';

const cut: Cut = {
  output: 'final.mp4',
  entries: [{ shot: 'a' }, { shot: 'b', from: 1, to: 3 }],
  transition: { type: 'crossfade', seconds: 0.5 },
  audio: { loudnorm: false, targetLufs: -16 },
  size: '1280x720',
  fit: 'contain',
};
const clips = new Map([['a', 'aa'.repeat(32)], ['b', 'bb'.repeat(32)]]);
let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('cut reuse', () => {
  it('changes the fingerprint with any clip, trim, transition or tool version', () => {
    const base = cutFingerprint(cut.entries, clips, cut, '1');
    expect(cutFingerprint(cut.entries, clips, cut, '1')).toBe(base);
    expect(cutFingerprint(cut.entries, new Map([...clips, ['b', 'cc'.repeat(32)]]), cut, '1')).not.toBe(base);
    expect(cutFingerprint([{ shot: 'a' }, { shot: 'b', from: 1, to: 4 }], clips, cut, '1')).not.toBe(base);
    expect(cutFingerprint(cut.entries, clips, { ...cut, transition: { type: 'fade', seconds: 0.5 } }, '1')).not.toBe(base);
    expect(cutFingerprint(cut.entries, clips, cut, '2')).not.toBe(base);
  });

  it('reuses the file only while its fingerprint and bytes match', async () => {
    dir = await mkdtemp(join(tmpdir(), 'sbr-cut-reuse-'));
    const bytes = Buffer.from('final cut bytes');
    await writeFile(join(dir, 'final.mp4'), bytes);
    const record = { file: 'final.mp4', sha256: createHash('sha256').update(bytes).digest('hex'), durationSeconds: 5, transition: cut.transition, entries: [] };
    const fingerprint = cutFingerprint(cut.entries, clips, cut, '1');
    await rememberCut(dir, fingerprint, record);
    expect(await reusableCut(dir, fingerprint)).toEqual(record);
    expect(await reusableCut(dir, `${fingerprint}x`)).toBeUndefined();
    await writeFile(join(dir, 'final.mp4'), 'edited by hand');
    expect(await reusableCut(dir, fingerprint)).toBeUndefined();
  });
});
