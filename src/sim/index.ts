// The simulator's public surface: start one, and the types of its options, controls and accounting.
export { startSimulator, type Simulator } from './simulator.js';
export { defaultApiKey, type SimulatorOptions, type WebhookTarget } from './options.js';
export type { FaultControls, FaultRates, FaultRoute, FaultStep, FaultTarget, HttpErrorFault, BodyFraming } from './faults/types.js';
export type { SimJobStats, SimStats } from './stats.js';
export type { RequestLogEntry } from './request-log.js';
export type { WebhookDelivery } from './webhooks.js';
export type { VideoResource, JobKind, Delivery } from './job.js';
export type { DurationModel } from './durations.js';
export type { RunwayFaceOptions, RunwayModelLimits } from './faces/runway/options.js';
export { blockedPeople, moderationTrigger } from './moderation.js';
export { signWebhook } from './webhooks.js';
export type { OpenRouterSimSettings } from './faces/openrouter/settings.js';
export type { OpenRouterControls } from './faces/openrouter/state.js';
