// This tool's temp names carry the pid of the process that made them, so a clean-up removes a killed run's leftovers
// and never a running render's work.
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isOwnTemp, ownTempPid, ownTempStem, tempPath } from '../../../src/common/durable-fs.js';
import { tempNameFor } from '../../../src/stitch/output-file.js';

describe('ownTempPid', () => {
  it('reads the pid from every kind of temp name this process makes, even when the hint has dotted numbers in it', () => {
    const made = [
      basename(tempPath('/out/shots', 'take.2.10.mp4')),
      basename(tempNameFor('/out/v1.2.mp4')),
      `${basename(ownTempStem('/out', 'stitch'))}Ab12Cd`, // what mkdtemp makes of the stem
    ];
    for (const name of made) {
      expect(isOwnTemp(name), name).toBe(true);
      expect(ownTempPid(name), name).toBe(process.pid);
    }
  });

  it("is undefined for a user's file and for a temp name without a pid", () => {
    expect(ownTempPid('.a.mp4.123.tmp')).toBeUndefined();
    expect(ownTempPid('notes.part')).toBeUndefined();
    expect(ownTempPid('.render-tmp-old')).toBeUndefined();
  });
});
