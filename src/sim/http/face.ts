// A protocol face: its routes, how it authenticates, and how it words errors. The pipeline is shared by every face.
import type { IncomingMessage } from 'node:http';
import type { Reply, RequestContext, SimState } from '../context.js';
import type { FaultRoute, HttpErrorFault } from '../faults/types.js';

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  pattern: RegExp;
  /** Name in the request log and stats. */
  name: string;
  /** Faults apply to API routes only, never to the simulator's own controls. */
  faultRoute: FaultRoute | undefined;
  handle: (ctx: RequestContext) => Reply | Promise<Reply>;
  /** False for routes the real service serves without a key (upload targets, CDN files). */
  auth?: boolean;
  /** `raw`: the body is kept as bytes (uploads) instead of being parsed. */
  body?: 'parsed' | 'raw';
}

export interface RouteMatch {
  route: Route;
  /** The first capture group (an id), '' if none. */
  id: string;
  /** Every capture group, in order. */
  params: string[];
}

export interface ErrorAnswer {
  status: number;
  body: unknown;
  headers: Record<string, string>;
  /** Sent as an HTML page instead of `body` (a fault: a proxy's error page). */
  html?: string;
}

export interface Face {
  name: string;
  /** Whether a request path belongs to this face. */
  owns(pathname: string): boolean;
  match(method: string, pathname: string): RouteMatch | undefined;
  /** An error for a path no route serves. */
  notFound(method: string, pathname: string): Error;
  /** Throws this face's 401 unless the request carries the simulator's key. */
  authorize(sim: SimState, req: IncomingMessage): void;
  /** A scripted or random HTTP error fault, in this face's words. */
  faultError(sim: SimState, req: IncomingMessage, fault: HttpErrorFault): Error;
  /** Any thrown error as the status, body and headers this face answers with. */
  errorAnswer(sim: SimState, req: IncomingMessage, error: unknown): ErrorAnswer;
  /** Headers on every answer, e.g. the request id. */
  baseHeaders(requestId: string): Record<string, string>;
}

/** First route whose method and pattern match. */
export function matchIn(routes: readonly Route[], method: string, pathname: string): RouteMatch | undefined {
  for (const route of routes) {
    if (route.method !== method) continue;
    const match = route.pattern.exec(pathname);
    if (match) return { route, id: match[1] ?? '', params: match.slice(1).map((group) => group ?? '') };
  }
  return undefined;
}
