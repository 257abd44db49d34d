// The pg-boss queues a batch uses, and the options every process creates them with (the first to start creates
// them; the rest find them). Shared by enqueue (which sends) and the worker (which works them).
/** One job per unit key (singletonKey = the cache key): enqueuing a recipe twice queues it once. */
export const shotQueue = 'render-shots';
/** One job per storyboard of a batch (singletonKey = batch id + storyboard name): made once every shot is stored. */
export const cutQueue = 'render-cuts';

export const queueOptions = {
  policy: 'exclusive',
  // A worker killed with -9 stops heartbeating: its job is retried by another worker after this long.
  heartbeatSeconds: 10,
  // A shot can take long (30 min timeout, long downloads): the heartbeat, not the expiry, detects dead workers.
  expireInSeconds: 4 * 3600,
  retryLimit: 1000,
  retryDelay: 2,
  retryBackoff: true,
  retryDelayMax: 60,
} as const;
