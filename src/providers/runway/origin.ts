// Runway's API origin, apart from the client so the wiring can name it without loading the SDK.
export const runwayDefaultBaseUrl = 'https://api.dev.runwayml.com';
