// OpenRouter's API origin, apart from discovery and the client so the wiring can name it without loading the SDK.
export const openRouterDefaultBaseUrl = 'https://openrouter.ai/api/v1';
