// A fetch body as the executor reads it: an async iterable of chunks that releases the stream however the reader stops.
export async function* readBody(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
    await stream.cancel().catch(() => undefined);
  }
}

/** The body, length and type of a download answer, as DownloadResult carries them. */
export function downloadParts(response: Response, body: ReadableStream<Uint8Array>) {
  const length = Number(response.headers.get('content-length'));
  const type = response.headers.get('content-type');
  return {
    body: readBody(body),
    ...(response.headers.has('content-length') && Number.isSafeInteger(length) ? { contentLength: length } : {}),
    ...(type ? { contentType: type } : {}),
  };
}
