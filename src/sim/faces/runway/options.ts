// The Runway face's settings: the organization's tier (its concurrency and daily limits), credits, output retention,
// and the choices the public sources leave open (refunds on cancel, whether a cancelled task stays readable).

export interface RunwayModelLimits {
  /** null: no limit. */
  maxConcurrentGenerations: number | null;
  maxDailyGenerations: number | null;
}

export interface RunwayFaceOptions {
  /** Usage tier 1-5 (default 1, a new organization's): sets every model's limits and the monthly spend cap. */
  tier?: number;
  /** Per-model limits overriding the tier's. */
  limits?: Record<string, Partial<RunwayModelLimits>>;
  /** Starting credit balance (default 10,000 = $100). */
  credits?: number;
  /** Seconds an output URL keeps working after it was handed out (default 86,400: "expire within 24-48 hours"). */
  outputTtlSeconds?: number;
  /** Milliseconds a task is PENDING once it has a slot, before it runs (default 1,000 × timeScale). */
  pendingMs?: number;
  /** A cancelled task is fully refunded (default true; unverified either way). */
  refundCancelled?: boolean;
  /** GET of a cancelled task answers it as CANCELLED (default) or 404 ("aborted tasks cannot be fetched"). */
  cancelledReadable?: boolean;
  /** Accept plain http:// media URLs (the real API takes HTTPS only; the simulator's own URLs are always accepted). */
  allowHttpMedia?: boolean;
}

export interface ResolvedRunwayOptions {
  tier: number;
  limits: Record<string, Partial<RunwayModelLimits>>;
  credits: number;
  outputTtlSeconds: number;
  pendingMs: number;
  refundCancelled: boolean;
  cancelledReadable: boolean;
  allowHttpMedia: boolean;
}

export function resolveRunwayOptions(options: RunwayFaceOptions = {}, timeScale = 1): ResolvedRunwayOptions {
  const tier = options.tier ?? 1;
  if (!Number.isInteger(tier) || tier < 1 || tier > 5) throw new RangeError(`runway.tier must be 1 to 5, got ${options.tier}`);
  const credits = options.credits ?? 10_000;
  if (!Number.isFinite(credits) || credits < 0) throw new RangeError(`runway.credits must be a non-negative number, got ${options.credits}`);
  const ttl = options.outputTtlSeconds ?? 86_400;
  if (!(ttl > 0)) throw new RangeError(`runway.outputTtlSeconds must be positive, got ${options.outputTtlSeconds}`);
  return {
    tier,
    limits: options.limits ?? {},
    credits,
    outputTtlSeconds: ttl,
    pendingMs: options.pendingMs ?? Math.round(1_000 * timeScale),
    refundCancelled: options.refundCancelled ?? true,
    cancelledReadable: options.cancelledReadable ?? true,
    allowHttpMedia: options.allowHttpMedia ?? false,
  };
}
