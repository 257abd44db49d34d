// Loaded with `node --import` into the CLI child of the executor bench. When the process exits it writes to
// BENCH_RSS_FILE its own peak resident set size (getrusage maxRSS of this process only, not of its ffmpeg/ffprobe
// children), its CPU time (user + system, and each alone), and the largest V8 heap and external memory seen by a 250 ms sampler (where the RSS goes).
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_RSS_FILE;
if (file) {
  const peak = { heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
  const sample = () => {
    const m = process.memoryUsage();
    for (const key of Object.keys(peak)) peak[key] = Math.max(peak[key], m[key]);
  };
  setInterval(sample, 250).unref();
  process.on('exit', (code) => {
    sample();
    const usage = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ code, maxRssKb: usage.maxRSS, cpuMs: Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000), userCpuMs: Math.round(usage.userCPUTime / 1000), systemCpuMs: Math.round(usage.systemCPUTime / 1000), peak }));
  });
}
