// Turns a scripted step into what the request pipeline does; pure.
import type { FaultStep, HttpErrorFault, ResolvedFault } from './types.js';

const named: Record<string, HttpErrorFault> = {
  http500: { status: 500, message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error' },
  http503: { status: 503, message: 'The engine is currently overloaded, please try again later.', type: 'server_error', shouldRetry: true },
  http429: { status: 429, retryAfterSeconds: 1 },
};

export function isHttpErrorFault(step: FaultStep): step is HttpErrorFault {
  return typeof step === 'object' && 'status' in step;
}

function resolveError(step: HttpErrorFault): ResolvedFault {
  const label = `http${step.status}${step.afterProcessing ? '-after' : ''}`;
  return step.afterProcessing ? { label, errorAfter: step } : { label, errorBefore: step };
}

export function resolveStep(step: FaultStep): ResolvedFault {
  if (step === 'pass') return { label: 'none' };
  if (step === 'drop') return { label: 'drop', drop: true };
  if (step === 'reset') return { label: 'reset', reset: true };
  if (step === 'json-as-mp4') return { label: step, content: { kind: 'json-as-mp4' } };
  if (step === 'endless') return { label: step, content: { kind: 'endless' } };
  if (typeof step === 'string') return resolveError(named[step] ?? { status: 500 });
  if (isHttpErrorFault(step)) return resolveError(step);
  if ('slowMs' in step) return { label: 'slow', slowMs: step.slowMs };
  if ('truncateAfterBytes' in step) return { label: 'truncate', content: { kind: 'truncate', afterBytes: step.truncateAfterBytes, framing: step.framing ?? 'content-length' } };
  if ('announceBytes' in step) return { label: 'announce', content: { kind: 'endless', announceBytes: step.announceBytes } };
  if ('trickleMs' in step) return { label: 'trickle', content: { kind: 'trickle', everyMs: step.trickleMs } };
  if ('stallAfterBytes' in step) return { label: 'stall', content: { kind: 'stall', afterBytes: step.stallAfterBytes, stallMs: step.stallMs } };
  return { label: 'wrong-duration', content: { kind: 'wrong-duration', seconds: step.servedSeconds } };
}

/** The envelope defaults of an error fault, as the real API words them. */
export function errorDefaults(fault: HttpErrorFault): { message: string; type: string; code: string | null } {
  if (fault.status === 429 && fault.code === 'insufficient_quota') {
    return { message: 'You exceeded your current quota, please check your plan and billing details.', type: 'insufficient_quota', code: 'insufficient_quota' };
  }
  if (fault.status === 429) return { message: 'Rate limit reached for requests. Please try again later.', type: 'requests', code: 'rate_limit_exceeded' };
  if (fault.status >= 500) return { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', code: null };
  return { message: `Simulated error ${fault.status}.`, type: 'invalid_request_error', code: null };
}

const namedSteps = new Set(['pass', 'drop', 'reset', 'http500', 'http503', 'http429', 'json-as-mp4', 'endless']);
const objectStepKeys = ['status', 'slowMs', 'truncateAfterBytes', 'stallAfterBytes', 'servedSeconds', 'announceBytes', 'trickleMs'];

/** Refuse a step the simulator would not understand (typos in tests, JSON from POST /v1/sim/faults). */
export function checkStep(step: unknown): FaultStep {
  if (typeof step === 'string' && namedSteps.has(step)) return step as FaultStep;
  if (typeof step === 'object' && step !== null) {
    const key = objectStepKeys.find((k) => k in step);
    const value = key === undefined ? undefined : (step as Record<string, unknown>)[key];
    if (typeof value === 'number' && value >= 0) return step as FaultStep;
  }
  throw new RangeError(`unknown fault step ${JSON.stringify(step)}; expected one of ${[...namedSteps].join(', ')} or an object with one of ${objectStepKeys.join(', ')}`);
}
