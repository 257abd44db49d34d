// The SDK client with what every Runway call here shares: the key, an explicit base URL (never the
// RUNWAYML_BASE_URL of the environment), and a redactor that hides the key in anything we say.
import RunwayML from '@runwayml/sdk';
import { createRedactor } from '../../common/redact.js';

/** The SDK's own default, spelled out so a default run does not depend on the environment. */
import { runwayDefaultBaseUrl } from './origin.js';
export { runwayDefaultBaseUrl };

// Runway keys are `key_` and 128 hex characters (https://docs.dev.runwayml.com/errors/troubleshooting).
const runwayKeyPattern = /\bkey_[0-9a-f]{16,}/gi;

export function runwayRedactor(apiKey: string): (text: string) => string {
  const redact = createRedactor([apiKey]);
  return (text) => redact(text).replace(runwayKeyPattern, 'key_[redacted]');
}

export interface RunwayClientOptions {
  apiKey: string;
  baseURL?: string | undefined;
  /** SDK retries of reads (retrieve, delete, organization); the paid create always overrides this with 0. */
  maxRetries?: number;
  timeoutMs?: number;
}

export function runwayClient(options: RunwayClientOptions): RunwayML {
  return new RunwayML({
    apiKey: options.apiKey,
    baseURL: options.baseURL ?? runwayDefaultBaseUrl,
    maxRetries: options.maxRetries ?? 2,
    timeout: options.timeoutMs ?? 60_000,
    logLevel: 'off',
  });
}
