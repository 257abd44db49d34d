// How much system CPU this process spends creating one small file in a folder, measured right before a run in the
// folder the run writes to. On ext4 without a journal (this machine's root file system), inode allocation skips every
// inode deleted in the last one to five minutes, one inode-table lookup each, so the cost of a new file depends on what
// was deleted nearby just before (an earlier bench's clean-up, a test suite): 20–500 µs here. The CLI makes about six
// new files per shot, so this figure is printed beside its CPU per shot. The probe files are left for the caller's
// clean-up: deleting them here would add to the very cost being measured.
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export function fileCreateCostUs(dir, count = 300) {
  mkdirSync(dir, { recursive: true });
  const before = process.cpuUsage().system;
  for (let i = 0; i < count; i += 1) {
    const fd = openSync(join(dir, `probe-${i}`), 'wx');
    writeSync(fd, 'x'.repeat(300));
    closeSync(fd);
  }
  return (process.cpuUsage().system - before) / count;
}
