// CPU time of the CLI's tool host (src/common/tool-host.ts): the helper process that starts the per-shot ffprobe
// children. The CLI's own figure (getrusage of itself) leaves it out, so the bench samples it from /proc and reports
// it beside the CLI's: moving work to a helper must not hide it. Linux only; 0 elsewhere.
import { readdir, readFile } from 'node:fs/promises';

const ticksPerSecond = 100; // USER_HZ on Linux (`getconf CLK_TCK`)

/** user + system ms of the tool host whose parent is `parentPid`, or undefined when none is running. */
export async function toolHostCpuMs(parentPid) {
  let entries;
  try {
    entries = await readdir('/proc');
  } catch {
    return undefined;
  }
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = await readFile(`/proc/${name}/stat`, 'utf8');
      // Fields after the command's closing parenthesis: state ppid ... utime(14) stime(15), 1-based from pid.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) !== parentPid) continue;
      const cmdline = await readFile(`/proc/${name}/cmdline`, 'utf8');
      if (!cmdline.includes('tool-host-child')) continue;
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}
