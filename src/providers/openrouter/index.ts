// The OpenRouter adapter's surface for the wiring: the provider, discovery, callback checks and the job id prefix.
export { createOpenRouterProvider, type OpenRouterProviderOptions } from './openrouter-provider.js';
export { fetchOpenRouterVideoModels, openRouterDefaultBaseUrl, type DiscoveryOptions } from './discovery.js';
export { verifyOpenRouterCallback, callbackToleranceSeconds, type CallbackCheck, type CallbackHeaders } from './callback.js';
export { openRouterJobId, openRouterJobPrefix, parseOpenRouterJobId } from './job-id.js';
