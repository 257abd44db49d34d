// One header of a webhook request, whichever shape the server hands them in (fetch Headers, node's lower-cased object).

export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

export function headerOf(headers: WebhookHeaders, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : headers[key];
  return Array.isArray(value) ? value[0] : value;
}
