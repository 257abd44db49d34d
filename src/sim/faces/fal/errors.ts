// fal's error envelopes: `{detail: [...]}` for validation and model errors, `{detail, error_type}` for request errors.
import type { FalErrorAnswer } from './state.js';

export class FalHttpError extends Error {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Record<string, string>;

  constructor(status: number, body: unknown, headers: Record<string, string> = {}) {
    super(typeof body === 'object' && body !== null && typeof (body as { detail?: unknown }).detail === 'string' ? (body as { detail: string }).detail : `fal error ${status}`);
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}

export interface FieldError {
  loc: (string | number)[];
  msg: string;
  type: string;
  input?: unknown;
  ctx?: Record<string, unknown>;
}

/** 422 `{detail: [{loc, msg, type, …}]}`, as fal's input validation answers. */
export function validationError(errors: FieldError[]): FalHttpError {
  return new FalHttpError(422, { detail: errors.map((e) => ({ ...e, url: `https://docs.fal.ai/errors#${e.type}` })) });
}

/** A flat request error with its type in the body and the `X-Fal-Error-Type` header. */
export function requestError(status: number, detail: string, errorType: string): FalHttpError {
  return new FalHttpError(status, { detail, error_type: errorType }, { 'x-fal-error-type': errorType });
}

export function notFound(detail: string): FalHttpError {
  return new FalHttpError(404, { detail });
}

/** A job's failure, by the code the core recorded, as its result call answers it. */
export function failureAnswer(code: string, message: string): FalErrorAnswer {
  if (code === 'content_policy_violation') {
    const body = { detail: [{ loc: ['body', 'prompt'], msg: message, type: code, url: `https://docs.fal.ai/errors#${code}` }] };
    return { status: 422, body, errorType: code, message };
  }
  if (code === 'client_cancelled') return { status: 499, body: { detail: message, error_type: code }, errorType: code, message };
  return { status: 500, body: { detail: message, error_type: code }, errorType: code, message };
}
