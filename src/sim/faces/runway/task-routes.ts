// GET /v1/tasks/{id} and DELETE /v1/tasks/{id} (SDK src/resources/tasks.ts): a task's state, and cancel (a task
// still PENDING, THROTTLED or RUNNING) or delete (an ended one; its output goes and later GETs answer 404).
import type { Reply, RequestContext } from '../../context.js';
import { replanModel } from './create.js';
import { taskNotFound } from './errors.js';
import { outputUrl } from './files.js';
import type { RunwayTask } from './state.js';
import { cancelledCode, creditsHeld, taskViewAt } from './status.js';

function readable(ctx: RequestContext): RunwayTask {
  ctx.videoId = ctx.id;
  const task = ctx.sim.runway.tasks.get(ctx.id);
  if (!task || task.deletedAtMs !== undefined) throw taskNotFound();
  if (task.cancelledAtMs !== undefined && !ctx.sim.runway.options.cancelledReadable) throw taskNotFound();
  return task;
}

export function taskBody(ctx: RequestContext, task: RunwayTask): Record<string, unknown> {
  const now = ctx.sim.clock.now();
  const view = taskViewAt(task, now);
  const createdAt = new Date(task.job.createdAtMs + ctx.sim.faults.get().clockSkewMs).toISOString();
  const body: Record<string, unknown> = { id: task.id, createdAt, status: view.status };
  const ended = view.status === 'SUCCEEDED' || view.status === 'FAILED' || view.status === 'CANCELLED';
  if (!ended) body.estimatedCost = { credits: task.estimatedCredits };
  if (view.progress !== undefined) body.progress = view.progress;
  if (view.status === 'SUCCEEDED') body.output = [outputUrl(ctx, task)];
  if (view.failure !== undefined) Object.assign(body, { failure: view.failure, failureCode: view.failureCode });
  if (ended) body.cost = { credits: creditsHeld(task, now, ctx.sim.runway.options) };
  return body;
}

export function handleTaskRetrieve(ctx: RequestContext): Reply {
  return { kind: 'json', body: taskBody(ctx, readable(ctx)) };
}

/** Cancel now: the core job ends (failed, `CANCELLED`) at this instant, and its slot goes to the next waiting task. */
function cancel(ctx: RequestContext, task: RunwayTask, nowMs: number): void {
  const { job } = task;
  const startMs = job.createdAtMs + job.queueMs;
  if (nowMs < startMs) job.queueMs = nowMs - job.createdAtMs;
  const atFraction = nowMs < startMs || job.runMs <= 0 ? 0 : (nowMs - startMs) / job.runMs;
  job.failure = { code: cancelledCode, message: 'Task cancelled', atFraction };
  task.cancelledAtMs = nowMs;
  if (task.slotAtMs > nowMs) task.slotAtMs = nowMs;
  replanModel(ctx.sim, task.model.model, nowMs);
}

export function handleTaskDelete(ctx: RequestContext): Reply {
  const task = readable(ctx);
  const now = ctx.sim.clock.now();
  const { status } = taskViewAt(task, now);
  if (status === 'PENDING' || status === 'THROTTLED' || status === 'RUNNING') cancel(ctx, task, now);
  else {
    task.deletedAtMs = now;
    task.job.deletedAtMs = now;
  }
  return { kind: 'bytes', status: 204, contentType: 'application/json', data: Buffer.alloc(0) };
}
