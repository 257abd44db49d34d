// A unit of work as the database holds it: the executor's shot (reference bytes as base64) and what a worker on
// another machine needs to run it exactly as the enqueuing machine planned it (same key, same price, same limits).
// CONTRACT: the enqueue work writes encodeUnit; the worker reads decodeUnit. Versioned: a worker refuses a payload
// version it does not know.
import { RenderError } from '../common/errors.js';
import type { OpenRouterModelData } from '../catalog/openrouter-types.js';
import type { ExecShot } from '../execute/types.js';
import type { ReferenceImage } from '../providers/provider.js';

export interface UnitSettings {
  countFailed: boolean;
  shotTimeoutMs?: number | undefined;
  /** Paid calls per minute of this shot's provider and model (shared by every worker). */
  rpm: number;
  /** Jobs in flight at once for this shot's provider (shared by every worker). */
  providerConcurrency: number;
  costMargin?: number | undefined;
}

/**
 * ADDED (enqueue): the storyboard's provider settings, so a worker builds the provider the plan was keyed against
 * (same base URL → same provider identity → same key). Keys never travel: only the NAME of the variable holding one.
 */
export interface UnitProviderUse {
  /** `providers.<name>.base-url` / `api-key-env`, by provider, as the storyboard set them. */
  providers: Record<string, { baseUrl?: string | undefined; apiKeyEnv?: string | undefined }>;
  /** The storyboard's legacy `provider.base-url` (openai). */
  legacyBaseUrl?: string | undefined;
  /** Models of `providers.openrouter.catalog`, when the storyboard read a catalog file (its prices and inputs). */
  openRouterModels?: OpenRouterModelData[] | undefined;
}

export interface UnitPayload {
  version: 1;
  shot: ExecShot;
  /** The cache key's provider identity (providerIdentity(baseUrl), or 'sim'). */
  providerIdentity: string;
  settings: UnitSettings;
  /** ADDED (enqueue), optional: absent means the provider defaults (environment only). */
  providerUse?: UnitProviderUse | undefined;
}

/** The payload versions this build reads. */
export const unitPayloadVersion = 1;

const mimes: ReadonlySet<string> = new Set(['image/png', 'image/jpeg', 'image/webp']);
const imageFields = ['reference', 'lastFrame'] as const;

interface EncodedImage {
  base64: string;
  mime: string;
}

const encodeImage = (image: ReferenceImage): EncodedImage => ({ base64: Buffer.from(image.bytes).toString('base64'), mime: image.mime });
// JSON has no Infinity: an unbounded limit is written as null.
const encodeLimit = (value: number): number | null => (Number.isFinite(value) ? value : null);

/** JSON for render.units.payload (bytes → base64). Pure. */
export function encodeUnit(unit: UnitPayload): unknown {
  const { reference, lastFrame, references, ...plain } = unit.shot;
  const shot: Record<string, unknown> = { ...plain };
  if (reference) shot.reference = encodeImage(reference);
  if (lastFrame) shot.lastFrame = encodeImage(lastFrame);
  if (references) shot.references = references.map(encodeImage);
  return dropUndefined({
    version: unit.version,
    shot,
    providerIdentity: unit.providerIdentity,
    settings: { ...unit.settings, rpm: encodeLimit(unit.settings.rpm), providerConcurrency: encodeLimit(unit.settings.providerConcurrency) },
    ...(unit.providerUse ? { providerUse: unit.providerUse } : {}),
  });
}

/** JSON.parse(JSON.stringify(x)) without the round trip: what jsonb stores (undefined members vanish). */
function dropUndefined(value: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}

function damaged(what: string): RenderError {
  return new RenderError('UNIT_PAYLOAD_INVALID', `the unit's payload in the batch database is damaged: ${what}`, {
    hint: 'enqueue the storyboard again with this version of render (render enqueue FILE)',
  });
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function field<T>(record: Record<string, unknown>, name: string, check: (v: unknown) => v is T, where: string): T {
  const value = record[name];
  if (!check(value)) throw damaged(`${where}${name} is missing or of the wrong type`);
  return value;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
const isOptional =
  <T>(check: (v: unknown) => v is T) =>
  (v: unknown): v is T | undefined =>
    v === undefined || check(v);
const isLimit = (v: unknown): v is number | null => v === null || (isNumber(v) && v > 0);

const base64Shape = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function decodeImage(value: unknown, where: string): ReferenceImage {
  if (!isRecord(value)) throw damaged(`${where} is not an image`);
  const base64 = field(value, 'base64', isString, `${where}.`);
  const mime = field(value, 'mime', isString, `${where}.`);
  if (!mimes.has(mime)) throw damaged(`${where}.mime '${mime}' is not an image type render sends`);
  // Buffer.from ignores what is not base64: a cut or altered string would decode to other bytes, so check the shape.
  if (!base64Shape.test(base64)) throw damaged(`${where}.base64 is not base64`);
  const bytes = new Uint8Array(Buffer.from(base64, 'base64'));
  if (bytes.length === 0) throw damaged(`${where} has no bytes`);
  return { bytes, mime: mime as ReferenceImage['mime'] };
}

function decodeShot(value: unknown): ExecShot {
  if (!isRecord(value)) throw damaged('shot is not an object');
  for (const name of ['id', 'kind', 'model', 'size', 'prompt'] as const) field(value, name, isString, 'shot.');
  for (const name of ['seconds', 'take', 'retries', 'costMicroUsd'] as const) field(value, name, isNumber, 'shot.');
  for (const name of ['provider', 'remixOf', 'extendOf'] as const) field(value, name, isOptional(isString), 'shot.');
  field(value, 'clipSeconds', isOptional(isNumber), 'shot.');
  const shot = { ...value } as unknown as ExecShot & Record<string, unknown>;
  for (const name of imageFields) if (value[name] !== undefined) shot[name] = decodeImage(value[name], `shot.${name}`);
  if (value.references !== undefined) {
    if (!Array.isArray(value.references)) throw damaged('shot.references is not a list');
    shot.references = value.references.map((image, i) => decodeImage(image, `shot.references[${i}]`));
  }
  return shot;
}

function decodeSettings(value: unknown): UnitSettings {
  if (!isRecord(value)) throw damaged('settings is not an object');
  const rpm = field(value, 'rpm', isLimit, 'settings.');
  const providerConcurrency = field(value, 'providerConcurrency', isLimit, 'settings.');
  return {
    countFailed: field(value, 'countFailed', isBoolean, 'settings.'),
    rpm: rpm ?? Number.POSITIVE_INFINITY,
    providerConcurrency: providerConcurrency ?? Number.POSITIVE_INFINITY,
    ...optionalNumber(value, 'shotTimeoutMs'),
    ...optionalNumber(value, 'costMargin'),
  };
}

function optionalNumber<Name extends string>(record: Record<string, unknown>, name: Name): Partial<Record<Name, number>> {
  const value = field(record, name, isOptional(isNumber), 'settings.');
  return value === undefined ? {} : ({ [name]: value } as Record<Name, number>);
}

function decodeProviderUse(value: unknown): UnitProviderUse {
  if (!isRecord(value) || !isRecord(value.providers)) throw damaged('providerUse.providers is not an object');
  const providers: UnitProviderUse['providers'] = {};
  for (const [name, settings] of Object.entries(value.providers)) {
    if (!isRecord(settings)) throw damaged(`providerUse.providers.${name} is not an object`);
    const baseUrl = field(settings, 'baseUrl', isOptional(isString), `providerUse.providers.${name}.`);
    const apiKeyEnv = field(settings, 'apiKeyEnv', isOptional(isString), `providerUse.providers.${name}.`);
    providers[name] = { ...(baseUrl === undefined ? {} : { baseUrl }), ...(apiKeyEnv === undefined ? {} : { apiKeyEnv }) };
  }
  const legacyBaseUrl = field(value, 'legacyBaseUrl', isOptional(isString), 'providerUse.');
  const models = value.openRouterModels;
  if (models !== undefined && (!Array.isArray(models) || !models.every(isRecord))) throw damaged('providerUse.openRouterModels is not a list of models');
  return {
    providers,
    ...(legacyBaseUrl === undefined ? {} : { legacyBaseUrl }),
    ...(models === undefined ? {} : { openRouterModels: models as unknown as OpenRouterModelData[] }),
  };
}

/** Back from render.units.payload; throws UNIT_PAYLOAD_INVALID on an unknown version or a damaged payload. Pure. */
export function decodeUnit(json: unknown): UnitPayload {
  if (!isRecord(json)) throw damaged('not an object');
  if (json.version !== unitPayloadVersion) {
    throw new RenderError('UNIT_PAYLOAD_INVALID', `the unit's payload is version ${JSON.stringify(json.version)}; this render reads version ${unitPayloadVersion}`, {
      hint: 'run the same version of storyboard-render on every worker and on the machine that enqueues',
    });
  }
  return {
    version: 1,
    shot: decodeShot(json.shot),
    providerIdentity: field(json, 'providerIdentity', isString, ''),
    settings: decodeSettings(json.settings),
    ...(json.providerUse === undefined ? {} : { providerUse: decodeProviderUse(json.providerUse) }),
  };
}
