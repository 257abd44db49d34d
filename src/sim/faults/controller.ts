// Decides the fault for each request: scripted steps first, then sticky ones, then the seeded random rates.
import type { Random } from '../prng.js';
import { checkStep, resolveStep } from './resolve-step.js';
import { paidRoutes, type FaultControls, type FaultRates, type FaultRoute, type FaultStep, type FaultTarget, type ResolvedFault } from './types.js';

export const defaultRates: FaultRates = { failRate: 0, errorRate: 0, dropRate: 0, lateErrorRate: 0, resetRate: 0, slowRate: 0, slowMs: 2_000, listLagMs: 0, listOmitsPrompt: false, clockSkewMs: 0, echoKey: false };

function checkRates(rates: Partial<FaultRates>): void {
  for (const key of ['failRate', 'errorRate', 'dropRate', 'lateErrorRate', 'resetRate', 'slowRate'] as const) {
    const value = rates[key];
    if (value !== undefined && !(value >= 0 && value <= 1)) throw new RangeError(`${key} must be between 0 and 1, got ${value}`);
  }
  for (const key of ['slowMs', 'listLagMs'] as const) {
    const value = rates[key];
    if (value !== undefined && !(value >= 0)) throw new RangeError(`${key} must be a non-negative number of ms, got ${value}`);
  }
  if (rates.clockSkewMs !== undefined && !Number.isFinite(rates.clockSkewMs)) throw new RangeError(`clockSkewMs must be a number of ms, got ${rates.clockSkewMs}`);
}

// Most specific first, so a script for `create` wins over one for `paid` or `any`.
function targetsOf(route: FaultRoute): FaultTarget[] {
  return paidRoutes.includes(route) ? [route, 'paid', 'any'] : [route, 'any'];
}

export class FaultController implements FaultControls {
  #rates: FaultRates;
  readonly #random: Random;
  readonly #scripts = new Map<FaultTarget, FaultStep[]>();
  readonly #sticky = new Map<FaultTarget, FaultStep>();

  constructor(random: Random, rates: Partial<FaultRates> = {}) {
    checkRates(rates);
    this.#random = random;
    this.#rates = { ...defaultRates, ...rates };
  }

  set(rates: Partial<FaultRates>): void {
    checkRates(rates);
    this.#rates = { ...this.#rates, ...rates };
  }

  get(): FaultRates {
    return { ...this.#rates };
  }

  script(target: FaultTarget, steps: readonly FaultStep[]): void {
    this.#scripts.set(target, [...(this.#scripts.get(target) ?? []), ...steps.map(checkStep)]);
  }

  always(target: FaultTarget, step: FaultStep | null): void {
    if (step === null) this.#sticky.delete(target);
    else this.#sticky.set(target, checkStep(step));
  }

  pending(target: FaultTarget): number {
    return this.#scripts.get(target)?.length ?? 0;
  }

  clear(): void {
    this.#scripts.clear();
    this.#sticky.clear();
  }

  /** The fault for the next request on `route`. Consumes one scripted step if any matches. */
  next(route: FaultRoute): ResolvedFault {
    const targets = targetsOf(route);
    for (const target of targets) {
      const step = this.#scripts.get(target)?.shift();
      if (step !== undefined) return resolveStep(step);
    }
    for (const target of targets) {
      const step = this.#sticky.get(target);
      if (step !== undefined) return resolveStep(step);
    }
    return this.#randomFault(route);
  }

  /** Whether a new generation will fail; one draw per job, in creation order. */
  willFail(): boolean {
    return this.#random.next() < this.#rates.failRate;
  }

  // Always five draws per request, whatever the rates, so one seed gives one sequence.
  #randomFault(route: FaultRoute): ResolvedFault {
    const [slow, reset, error, drop, late] = Array.from({ length: 5 }, () => this.#random.next()) as [number, number, number, number, number];
    const rates = this.#rates;
    const paid = paidRoutes.includes(route);
    const slowMs = slow < rates.slowRate ? rates.slowMs : undefined;
    let fault: ResolvedFault = { label: 'none' };
    if (reset < rates.resetRate) fault = resolveStep('reset');
    // Half 503 with x-should-retry: true, half plain 500: both shapes the SDK meets in practice.
    else if (error < rates.errorRate) fault = resolveStep(error < rates.errorRate / 2 ? 'http503' : 'http500');
    else if (paid && drop < rates.dropRate) fault = resolveStep('drop');
    else if (paid && late < rates.lateErrorRate) fault = resolveStep({ status: 500, afterProcessing: true });
    if (slowMs === undefined) return fault;
    return { ...fault, slowMs, label: fault.label === 'none' ? 'slow' : `slow+${fault.label}` };
  }
}
