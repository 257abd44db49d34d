// Render every distinct clip once into a media cache folder, so that no timed run pays for the simulator's ffmpeg.
// Shared by the executor bench and the batch bench (the same clips, the same folder).
import { startSimulator } from '../../dist/sim/index.js';

export async function warmMedia(shots, mediaCacheDir) {
  const sim = await startSimulator({ timeScale: 0, rpm: 100_000, mediaCacheDir });
  const started = performance.now();
  const seen = new Set();
  for (const shot of shots) {
    const key = `${shot.prompt}|${shot.size}|${shot.seconds}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const response = await fetch(`${sim.baseURL}/videos`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sim.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: shot.prompt, size: shot.size, seconds: String(shot.seconds) }),
    });
    if (!response.ok) throw new Error(`warm-up create: ${response.status} ${await response.text()}`);
  }
  await sim.settled();
  const { runs, hits } = sim.stats().media;
  await sim.close();
  return { clips: seen.size, runs, hits, ms: performance.now() - started };
}
