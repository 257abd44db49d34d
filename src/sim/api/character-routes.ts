// POST /videos/characters and GET /videos/characters/{id}: stored, never rendered (docs/design/openai-videos-protocol.md#characters).
import type { Character, Reply, RequestContext } from '../context.js';
import { notFound } from '../http/api-error.js';
import { newId } from '../ids.js';
import { validateCharacter } from './validate-derived.js';

function toResource(character: Character) {
  return { id: character.id, name: character.name, created_at: Math.floor(character.createdAtMs / 1000) };
}

export function handleCreateCharacter(ctx: RequestContext): Reply {
  const { name } = validateCharacter(ctx.body);
  const character: Character = { id: newId('char'), name, createdAtMs: ctx.sim.clock.now() };
  ctx.sim.characters.set(character.id, character);
  return { kind: 'json', body: toResource(character) };
}

export function handleGetCharacter(ctx: RequestContext): Reply {
  const character = ctx.sim.characters.get(ctx.id);
  if (!character) throw notFound(`Character with id '${ctx.id}' not found.`, 'character_id');
  return { kind: 'json', body: toResource(character) };
}
