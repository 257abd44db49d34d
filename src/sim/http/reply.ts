// Writes answers: JSON with the API's headers, and files, with the download faults applied.
import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import type { ContentFault } from '../faults/types.js';

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** An error page instead of the JSON envelope: what a proxy in front of an API sends. */
export function sendHtml(res: ServerResponse, status: number, html: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...headers, 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(html) });
  res.end(html);
}

// LiteLLM PR #16672: an error body once ended up saved as an .mp4; this fault reproduces that answer.
const jsonAsMp4Body = JSON.stringify({ error: { message: 'Files are not accessible', type: 'invalid_request_error', param: null, code: null } });

async function writeSlowly(res: ServerResponse, data: Buffer, fault: Extract<ContentFault, { kind: 'stall' }>): Promise<void> {
  res.write(data.subarray(0, fault.afterBytes));
  const closed = new AbortController();
  res.once('close', () => closed.abort());
  await delay(fault.stallMs, undefined, { signal: closed.signal }).catch(() => undefined);
  if (!closed.signal.aborted) res.end(data.subarray(fault.afterBytes));
}

function writeTruncated(res: ServerResponse, data: Buffer, fault: Extract<ContentFault, { kind: 'truncate' }>): void {
  const part = data.subarray(0, fault.afterBytes);
  // A close-delimited body that simply ends looks complete to the client: only content checks can tell.
  if (fault.framing === 'close') {
    res.end(part);
    return;
  }
  res.write(part, () => res.destroy());
}

const padding = Buffer.alloc(1024 ** 2);

function drainedOrClosed(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** The real clip, then zeros until the client hangs up: a runaway body (optionally under a huge Content-Length). */
async function writeEndless(res: ServerResponse, data: Buffer): Promise<void> {
  const closed = new AbortController();
  res.once('close', () => closed.abort());
  let next = data;
  while (!closed.signal.aborted) {
    if (!res.write(next)) await drainedOrClosed(res);
    next = padding;
  }
}

/** One byte every `everyMs`: never idle for long, never anywhere near done. */
async function writeTrickle(res: ServerResponse, data: Buffer, everyMs: number): Promise<void> {
  const closed = new AbortController();
  res.once('close', () => closed.abort());
  for (let at = 0; at < data.length && !closed.signal.aborted; at += 1) {
    res.write(data.subarray(at, at + 1));
    await delay(everyMs, undefined, { signal: closed.signal }).catch(() => undefined);
  }
  if (!closed.signal.aborted) res.end();
}

export async function sendFile(res: ServerResponse, path: string, contentType: string, fault: ContentFault | undefined): Promise<void> {
  if (fault?.kind === 'json-as-mp4') {
    res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': Buffer.byteLength(jsonAsMp4Body) });
    res.end(jsonAsMp4Body);
    return;
  }
  const data = await readFile(path);
  if (fault?.kind === 'endless' || fault?.kind === 'trickle') {
    const length = fault.kind === 'endless' && fault.announceBytes !== undefined ? { 'content-length': fault.announceBytes } : {};
    res.writeHead(200, { 'content-type': contentType, ...length });
    if (fault.kind === 'trickle') await writeTrickle(res, data, fault.everyMs);
    else await writeEndless(res, data);
    return;
  }
  const framing = fault?.kind === 'truncate' ? fault.framing : 'content-length';
  if (framing === 'close') {
    // No length and no chunking: Node then ends the body by closing the connection.
    res.useChunkedEncodingByDefault = false;
    res.shouldKeepAlive = false;
  }
  res.writeHead(200, { 'content-type': contentType, ...(framing === 'content-length' ? { 'content-length': data.length } : {}) });
  if (fault?.kind === 'truncate') writeTruncated(res, data, fault);
  else if (fault?.kind === 'stall') await writeSlowly(res, data, fault);
  else res.end(data);
}
