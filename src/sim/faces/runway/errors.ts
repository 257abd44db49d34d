// Runway's error envelope: one string member, `{"error": "…"}` (https://docs.dev.runwayml.com/errors/errors).
export class RunwayHttpError extends Error {
  readonly status: number;
  readonly headers: Record<string, string>;

  constructor(status: number, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.headers = headers;
  }
}

/** The API's wording for a field it does not take or cannot read (runwayml/sdk-node#99). */
export function invalidParameter(field: string, why?: string): RunwayHttpError {
  return new RunwayHttpError(400, `Invalid parameter '${field}'${why ? `: ${why}` : ''}`);
}

export function taskNotFound(): RunwayHttpError {
  return new RunwayHttpError(404, 'Task not found');
}
