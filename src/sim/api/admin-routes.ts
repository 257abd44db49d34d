// /v1/sim/*: the accounting and fault controls of a simulator running in another process (`render sim`).
import type { Reply, RequestContext } from '../context.js';
import { falFaultRoutes, openRouterFaultRoutes, runwayFaultRoutes, type FaultRates, type FaultStep, type FaultTarget } from '../faults/types.js';
import { invalidRequest, videoNotFound } from '../http/api-error.js';
import { buildStats } from '../stats.js';
import { expireJob } from '../controls.js';

const targets: readonly FaultTarget[] = ['create', 'remix', 'edit', 'extend', 'retrieve', 'list', 'delete', 'content', 'character', ...falFaultRoutes, ...runwayFaultRoutes, ...openRouterFaultRoutes, 'paid', 'any'];

function readTarget(value: unknown): FaultTarget {
  if (typeof value === 'string' && (targets as readonly string[]).includes(value)) return value as FaultTarget;
  throw invalidRequest(`Invalid 'target': expected one of ${targets.join(', ')}.`, 'target', 'invalid_value');
}

export function handleStats(ctx: RequestContext): Reply {
  return { kind: 'json', body: buildStats(ctx.sim) };
}

/** Body: any of `{set: {...rates}, script: {target, steps}, always: {target, step}, clear: true}`. */
export function handleFaults(ctx: RequestContext): Reply {
  const { set, script, always, clear } = ctx.body.fields as { set?: Partial<FaultRates>; script?: { target?: unknown; steps?: FaultStep[] }; always?: { target?: unknown; step?: FaultStep | null }; clear?: boolean };
  const { faults } = ctx.sim;
  try {
    if (clear) faults.clear();
    if (set) faults.set(set);
    if (script) faults.script(readTarget(script.target), Array.isArray(script.steps) ? script.steps : []);
    if (always) faults.always(readTarget(always.target), always.step ?? null);
  } catch (error) {
    if (error instanceof RangeError) throw invalidRequest(error.message);
    throw error;
  }
  return { kind: 'json', body: { rates: faults.get() } };
}

export function handleAdvance(ctx: RequestContext): Reply {
  const ms = ctx.body.fields.ms;
  if (typeof ms !== 'number' || !(ms >= 0)) throw invalidRequest("Invalid 'ms': expected a non-negative number.", 'ms', 'invalid_value');
  ctx.sim.clock.advance(ms);
  ctx.sim.webhooks.checkAll();
  ctx.sim.fal.webhooks.checkAll();
  return { kind: 'json', body: { now_ms: ctx.sim.clock.now() } };
}

export function handleExpire(ctx: RequestContext): Reply {
  const id = ctx.body.fields.id;
  if (typeof id !== 'string' || !expireJob(ctx.sim, id)) throw videoNotFound(String(id));
  return { kind: 'json', body: { id, expired: true } };
}
