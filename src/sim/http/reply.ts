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

export async function sendFile(res: ServerResponse, path: string, contentType: string, fault: ContentFault | undefined): Promise<void> {
  if (fault?.kind === 'json-as-mp4') {
    res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': Buffer.byteLength(jsonAsMp4Body) });
    res.end(jsonAsMp4Body);
    return;
  }
  const data = await readFile(path);
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
