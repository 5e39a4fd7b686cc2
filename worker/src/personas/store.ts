/** Personas in Postgres (users' own) and in code (seeds), with the per-user list cached in Redis. */
import { and, asc, count, eq, inArray } from 'drizzle-orm';
import { z } from '@hono/zod-openapi';
import { CACHE_KEYS, CACHE_TTL_SECONDS, invalidate, readThrough, type CacheOutcome } from '../cache/json-cache.ts';
import { personas } from '../db/schema/index.ts';
import type { Services } from '../env.ts';
import { MAX_PERSONAS_PER_USER } from '../contract/index.ts';
import { ApiError } from '../errors.ts';
import { PersonaSchema, type ApiPersona } from './schema.ts';
import { SEED_PERSONAS, type Persona } from './seed.ts';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The seed personas as the API shows them. */
export const SEED_API_PERSONAS: ApiPersona[] = SEED_PERSONAS.map((persona) => ({
  id: persona.name,
  seed: true,
  ...persona,
}));

/** The fields a user writes. */
export type PersonaFields = Persona;

type PersonaRow = typeof personas.$inferSelect;

const UserPersonasSchema = z.array(PersonaSchema);

/** Seed personas, then the user's own (cached), in creation order. */
export async function listPersonas(
  services: Services,
  userId: string | null,
): Promise<{ personas: ApiPersona[]; cache: CacheOutcome | 'none' }> {
  if (userId === null) return { personas: SEED_API_PERSONAS, cache: 'none' };
  const own = await readThrough(
    services,
    { key: CACHE_KEYS.userPersonas(userId), ttlSeconds: CACHE_TTL_SECONDS.personas, schema: UserPersonasSchema },
    async () => {
      const rows = await services.db
        .select()
        .from(personas)
        .where(eq(personas.userId, userId))
        .orderBy(asc(personas.createdAt), asc(personas.id));
      return rows.map(toApiPersona);
    },
  );
  return { personas: [...SEED_API_PERSONAS, ...own.value], cache: own.cache };
}

/** Creates one of the user's personas; 409 when the name is taken or the user has too many. */
export async function createPersona(services: Services, userId: string, fields: PersonaFields): Promise<ApiPersona> {
  const [owned] = await services.db.select({ total: count() }).from(personas).where(eq(personas.userId, userId));
  if ((owned?.total ?? 0) >= MAX_PERSONAS_PER_USER) {
    throw new ApiError(409, 'persona_limit', `You already have ${MAX_PERSONAS_PER_USER} personas; delete one first.`);
  }
  const [row] = await services.db
    .insert(personas)
    .values({ userId, ...fields })
    .onConflictDoNothing()
    .returning();
  if (!row) throw new ApiError(409, 'persona_name_taken', `You already have a persona named "${fields.name}".`);
  await invalidate(services, CACHE_KEYS.userPersonas(userId));
  return toApiPersona(row);
}

/** Updates one of the user's personas; 403 for a seed, 404 for anyone else's, 409 for a taken name. */
export async function updatePersona(
  services: Services,
  userId: string,
  id: string,
  fields: Partial<PersonaFields>,
): Promise<ApiPersona> {
  if (!UUID_PATTERN.test(id)) throw notFound(id);
  const where = ownPersona(userId, id);
  try {
    const [row] = await services.db
      .update(personas)
      .set({ ...fields, updatedAt: new Date() })
      .where(where)
      .returning();
    if (!row) throw notFound(id);
    await invalidate(services, CACHE_KEYS.userPersonas(userId));
    return toApiPersona(row);
  } catch (error) {
    if (isUniqueViolation(error))
      throw new ApiError(409, 'persona_name_taken', `You already have a persona named "${fields.name ?? ''}".`);
    throw error;
  }
}

/** Deletes one of the user's personas; running conversations keep their snapshot. */
export async function deletePersona(services: Services, userId: string, id: string): Promise<void> {
  if (!UUID_PATTERN.test(id)) throw notFound(id);
  const deleted = await services.db.delete(personas).where(ownPersona(userId, id)).returning({ id: personas.id });
  if (deleted.length === 0) throw notFound(id);
  await invalidate(services, CACHE_KEYS.userPersonas(userId));
}

/** The personas `ids` name, in order: seeds by name, the user's own by id; 400 naming the first unknown one. */
export async function resolvePersonas(services: Services, userId: string, ids: string[]): Promise<Persona[]> {
  const customIds = ids.filter((id) => UUID_PATTERN.test(id));
  const rows =
    customIds.length === 0
      ? []
      : await services.db
          .select()
          .from(personas)
          .where(and(eq(personas.userId, userId), inArray(personas.id, customIds)));
  return ids.map((id, index) => {
    const persona =
      SEED_PERSONAS.find((seed) => seed.name === id) ?? rows.map(toApiPersona).find((row) => row.id === id);
    if (!persona)
      throw new ApiError(
        400,
        'unknown_persona',
        `personas.${index}.persona: no seed persona or persona of yours has the id "${id}".`,
      );
    return withoutApiFields(persona);
  });
}

/** 403 for a seed persona's id, so that clients learn seeds are read-only rather than absent. */
export function assertNotSeed(id: string): void {
  if (SEED_PERSONAS.some((seed) => seed.name === id))
    throw new ApiError(403, 'read_only', `"${id}" is a seed persona and cannot be changed.`);
}

function ownPersona(userId: string, id: string) {
  return and(eq(personas.userId, userId), eq(personas.id, id));
}

function notFound(id: string): ApiError {
  return new ApiError(404, 'not_found', `You have no persona with the id "${id}".`);
}

function toApiPersona(row: PersonaRow): ApiPersona {
  return PersonaSchema.parse({ ...row, seed: false });
}

/** The persona's own fields (zod strips the API's `id` and `seed`). */
const personaFieldsSchema = PersonaSchema.omit({ id: true, seed: true });

function withoutApiFields(persona: Persona | ApiPersona): Persona {
  return personaFieldsSchema.parse(persona);
}

function isUniqueViolation(error: unknown): boolean {
  const code =
    error instanceof Error ? Reflect.get(error.cause instanceof Error ? error.cause : error, 'code') : undefined;
  return code === '23505';
}
