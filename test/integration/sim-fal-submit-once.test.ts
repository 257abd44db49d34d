// Paying exactly once on fal: the SDK resends a submit whose answer was lost (two paid jobs); one direct POST, or a
// middleware that refuses a resend, leaves once; the Platform API listing finds the job either way.
import { describe, expect, it } from 'vitest';
import { finishJobs } from '../unit/sim/support/harness.js';
import { falClientFor, withOwnSim, type Json } from '../support/sim-fal.js';

describe('fal face: a lost submit answer', () => {
  it('the SDK resends a submit whose answer was dropped, even with retry.maxRetries 0: two paid jobs, both in the listing', async () => {
    await withOwnSim({}, async (local) => {
      const sent: string[] = [];
      const client = falClientFor(local.sim, { retry: { maxRetries: 0 }, onRequest: (method, url) => sent.push(`${method} ${new URL(url).pathname}`) });
      local.sim.faults.script('fal.submit', ['drop']);
      const { request_id: answered } = await client.queue.submit('fal-ai/wan/v2.7/text-to-video', { input: { prompt: 'paid twice', duration: '2' } });
      expect(sent.filter((s) => s.startsWith('POST'))).toHaveLength(2);
      const jobs = local.sim.stats().jobs;
      expect(jobs.map((j) => j.delivery)).toEqual(['dropped', 'answered']);
      await finishJobs(local.sim);
      // Wan 2.7 at its default 1080p: $0.15 per second, 2 s each.
      expect(local.sim.stats().billed).toMatchObject({ jobs: 2, microUsd: 2 * 300_000 });
      const response = await fetch(`${local.sim.falBaseURL}/v1/models/requests/by-endpoint?endpoint_id=fal-ai/wan/v2.7/text-to-video&expand=payloads`, { headers: { authorization: `Key ${local.sim.apiKey}` } });
      const { items } = (await response.json()) as { items: Json[] };
      expect(items.map((i) => i.request_id).sort()).toEqual(jobs.map((j) => j.id).sort());
      expect(items.find((i) => i.request_id !== answered)).toMatchObject({ status_code: 200, json_input: { prompt: 'paid twice', duration: '2' } });
    });
  });

  it('one direct POST leaves exactly once: the dropped answer is a transport error, the one job is found in the listing', async () => {
    await withOwnSim({}, async (local) => {
      local.sim.faults.script('fal.submit', ['drop']);
      const started = new Date(local.sim.now() - 1000).toISOString();
      const sent = fetch(`${local.sim.falBaseURL}/fal-ai/wan/v2.7/text-to-video`, {
        method: 'POST',
        headers: { authorization: `Key ${local.sim.apiKey}`, 'content-type': 'application/json', 'x-fal-tags': 'shot=intro' },
        body: JSON.stringify({ prompt: 'paid once', duration: '2' }),
      });
      await expect(sent).rejects.toThrow(/fetch failed/);
      const [job] = local.sim.stats().jobs;
      expect(local.sim.stats().jobs).toHaveLength(1);
      expect(job).toMatchObject({ delivery: 'dropped' });
      const response = await fetch(`${local.sim.falBaseURL}/v1/models/requests/by-endpoint?endpoint_id=fal-ai/wan/v2.7/text-to-video&start=${started}&expand=payloads`, { headers: { authorization: `Key ${local.sim.apiKey}` } });
      const { items } = (await response.json()) as { items: Json[] };
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({ request_id: job?.id, status_code: null, ended_at: null, json_input: { prompt: 'paid once', duration: '2' } });
      await finishJobs(local.sim);
      expect(local.sim.stats().billed).toMatchObject({ jobs: 1, microUsd: 300_000 });
    });
  });

  it('a request middleware that refuses a resend also keeps the SDK to one POST per submit', async () => {
    await withOwnSim({}, async (local) => {
      // The middleware sees every attempt but not the body: a per-submit token header tells a resend from a new submit.
      const seen = new Set<string>();
      const client = falClientFor(local.sim, {
        guard: (headers) => {
          const token = headers['x-render-submit'];
          if (typeof token !== 'string') return;
          if (seen.has(token)) throw new Error('refusing to resend a paid submit');
          seen.add(token);
        },
      });
      local.sim.faults.script('fal.submit', ['drop']);
      const submit = client.queue.submit('fal-ai/wan/v2.7/text-to-video', { input: { prompt: 'guarded', duration: '2' }, headers: { 'x-render-submit': 'shot-1' } });
      await expect(submit).rejects.toThrow(/refusing to resend/);
      expect(local.sim.stats().jobs.map((j) => j.delivery)).toEqual(['dropped']);
    });
  });

  it('can hide requests still in flight from the listing (falListInFlight: false), as an end-time order may', async () => {
    await withOwnSim({ falListInFlight: false, timeScale: 1 }, async (local) => {
      const { request_id: id } = await falClientFor(local.sim).queue.submit('fal-ai/wan/v2.7/text-to-video', { input: { prompt: 'not yet', duration: '2' } });
      const query = `endpoint_id=fal-ai/wan/v2.7/text-to-video`;
      const get = async () => ((await (await fetch(`${local.sim.falBaseURL}/v1/models/requests/by-endpoint?${query}`, { headers: { authorization: `Key ${local.sim.apiKey}` } })).json()) as { items: Json[] }).items;
      expect(await get()).toEqual([]);
      await finishJobs(local.sim);
      expect((await get()).map((i) => i.request_id)).toEqual([id]);
    });
  });

});
