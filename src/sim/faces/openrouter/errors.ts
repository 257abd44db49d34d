// OpenRouter's error envelope `{error: {code, message, metadata?}}`, where `code` repeats the HTTP status.
export class OpenRouterHttpError extends Error {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly metadata: Record<string, unknown> | undefined;

  constructor(status: number, message: string, headers: Record<string, string> = {}, metadata?: Record<string, unknown>) {
    super(message);
    this.status = status;
    this.headers = headers;
    this.metadata = metadata;
  }

  get body(): { error: { code: number; message: string; metadata?: Record<string, unknown> } } {
    return { error: { code: this.status, message: this.message, ...(this.metadata ? { metadata: this.metadata } : {}) } };
  }
}

export const badRequest = (message: string) => new OpenRouterHttpError(400, message);
export const notFound = (message = 'Resource not found') => new OpenRouterHttpError(404, message);
