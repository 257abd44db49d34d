// The OpenAI face's routes under /v1: method + path → handler, the fault route it belongs to, whether it needs the key.
import { handleAdvance, handleExpire, handleFaults, handleStats } from './admin-routes.js';
import { handleCreateCharacter, handleGetCharacter } from './character-routes.js';
import { handleContent } from './content-route.js';
import { handleCreate, handleEdit, handleExtend, handleRemix } from './paid-routes.js';
import { handleDelete, handleList, handleRetrieve } from './read-routes.js';
import { matchIn, type Route, type RouteMatch } from '../http/face.js';

export type { Route, RouteMatch } from '../http/face.js';

const id = '([A-Za-z0-9_-]+)';

const routes: Route[] = [
  { method: 'POST', pattern: /^\/v1\/videos$/, name: 'create', faultRoute: 'create', handle: handleCreate },
  { method: 'GET', pattern: /^\/v1\/videos$/, name: 'list', faultRoute: 'list', handle: handleList },
  { method: 'POST', pattern: /^\/v1\/videos\/edits$/, name: 'edit', faultRoute: 'edit', handle: handleEdit },
  { method: 'POST', pattern: /^\/v1\/videos\/extensions$/, name: 'extend', faultRoute: 'extend', handle: handleExtend },
  { method: 'POST', pattern: /^\/v1\/videos\/characters$/, name: 'character.create', faultRoute: 'character', handle: handleCreateCharacter },
  { method: 'GET', pattern: new RegExp(`^/v1/videos/characters/${id}$`), name: 'character.get', faultRoute: 'character', handle: handleGetCharacter },
  { method: 'GET', pattern: new RegExp(`^/v1/videos/${id}$`), name: 'retrieve', faultRoute: 'retrieve', handle: handleRetrieve },
  { method: 'DELETE', pattern: new RegExp(`^/v1/videos/${id}$`), name: 'delete', faultRoute: 'delete', handle: handleDelete },
  { method: 'GET', pattern: new RegExp(`^/v1/videos/${id}/content$`), name: 'content', faultRoute: 'content', handle: handleContent },
  { method: 'POST', pattern: new RegExp(`^/v1/videos/${id}/remix$`), name: 'remix', faultRoute: 'remix', handle: handleRemix },
  { method: 'GET', pattern: /^\/v1\/sim\/stats$/, name: 'sim.stats', faultRoute: undefined, handle: handleStats },
  { method: 'POST', pattern: /^\/v1\/sim\/faults$/, name: 'sim.faults', faultRoute: undefined, handle: handleFaults },
  { method: 'POST', pattern: /^\/v1\/sim\/advance$/, name: 'sim.advance', faultRoute: undefined, handle: handleAdvance },
  { method: 'POST', pattern: /^\/v1\/sim\/expire$/, name: 'sim.expire', faultRoute: undefined, handle: handleExpire },
];

/** The route for a method and path, or undefined (the API then answers 404 "Invalid URL", as OpenAI does). */
export function matchRoute(method: string, pathname: string): RouteMatch | undefined {
  return matchIn(routes, method, pathname);
}
