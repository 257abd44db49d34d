// The real API's error envelope `{error: {message, type, param, code}}` as a throwable, plus the common cases.
export interface ErrorBody {
  message: string;
  type: string;
  param: string | null;
  code: string | null;
}

export class SimApiError extends Error {
  readonly status: number;
  readonly body: ErrorBody;
  readonly headers: Record<string, string>;
  /** Sent as text/html instead of the envelope: what a proxy in front of the API answers. */
  readonly htmlBody: string | undefined;

  constructor(status: number, body: Partial<ErrorBody> & { message: string }, headers: Record<string, string> = {}, htmlBody?: string) {
    super(body.message);
    this.status = status;
    this.body = { type: body.type ?? 'invalid_request_error', param: body.param ?? null, code: body.code ?? null, message: body.message };
    this.headers = headers;
    this.htmlBody = htmlBody;
  }
}

export function invalidRequest(message: string, param: string | null = null, code: string | null = null): SimApiError {
  return new SimApiError(400, { message, param, code });
}

export function notFound(message: string, param: string | null = null): SimApiError {
  return new SimApiError(404, { message, param, code: null });
}

export function videoNotFound(id: string): SimApiError {
  return notFound(`Video with id '${id}' not found.`, 'video_id');
}

/** `'4', '8', or '12'`: the list style of the API's enum messages. */
export function quoteList(values: readonly string[], conjunction: 'or' | 'and'): string {
  const quoted = values.map((v) => `'${v}'`);
  if (quoted.length <= 2) return quoted.join(` ${conjunction} `);
  return `${quoted.slice(0, -1).join(', ')}, ${conjunction} ${quoted.at(-1)}`;
}
