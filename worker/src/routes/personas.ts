/** `/api/personas`: the seed personas plus the caller's own; create, update and delete one's own. */
import { createRoute, z } from '@hono/zod-openapi';
import { requireUser, signedIn } from '../auth/middleware.ts';
import { PersonaInputSchema, PersonaListSchema, PersonaSchema, PersonaUpdateSchema } from '../personas/schema.ts';
import {
  assertNotSeed,
  createPersona,
  deletePersona,
  listPersonas,
  resolvePersonas,
  updatePersona,
} from '../personas/store.ts';
import { assertModelsOffered } from '../providers/model-check.ts';
import { documentedRoutes, errorResponses, jsonBody, jsonResponse, SESSION_SECURITY } from './openapi.ts';

const PersonaIdParams = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({
      param: { name: 'id', in: 'path' },
      example: 'philosopher',
      description: 'A seed persona name or the id of one of yours.',
    }),
});

const list = createRoute({
  method: 'get',
  path: '/',
  summary: 'The seed personas, then the caller’s own',
  tags: ['personas'],
  responses: {
    200: jsonResponse(PersonaListSchema, 'Seed personas first, then yours in creation order.'),
    ...errorResponses(429),
  },
});

const create = createRoute({
  method: 'post',
  path: '/',
  summary: 'Create one of your personas',
  tags: ['personas'],
  security: SESSION_SECURITY,
  middleware: [signedIn] as const,
  request: { body: jsonBody(PersonaInputSchema) },
  responses: {
    201: jsonResponse(PersonaSchema, 'The new persona.'),
    ...errorResponses(400, 401, 403, 409, 413, 415, 429),
  },
});

const update = createRoute({
  method: 'patch',
  path: '/{id}',
  summary: 'Change one of your personas (seed personas are read-only)',
  tags: ['personas'],
  security: SESSION_SECURITY,
  middleware: [signedIn] as const,
  request: { params: PersonaIdParams, body: jsonBody(PersonaUpdateSchema) },
  responses: {
    200: jsonResponse(PersonaSchema, 'The updated persona.'),
    ...errorResponses(400, 401, 403, 404, 409, 413, 415, 429),
  },
});

const remove = createRoute({
  method: 'delete',
  path: '/{id}',
  summary: 'Delete one of your personas; conversations keep their copy',
  tags: ['personas'],
  security: SESSION_SECURITY,
  middleware: [signedIn] as const,
  request: { params: PersonaIdParams },
  responses: { 204: { description: 'Deleted.' }, ...errorResponses(400, 401, 403, 404, 429) },
});

export const personas = documentedRoutes()
  .openapi(list, async (c) => {
    const result = await listPersonas(c.var.services, c.var.user?.id ?? null);
    c.header('X-Cache', result.cache);
    return c.json({ personas: result.personas }, 200);
  })
  .openapi(create, async (c) => {
    const user = requireUser(c);
    const body = c.req.valid('json');
    await assertModelsOffered(c.var.services, [
      { provider: body.defaultProvider, model: body.defaultModel, field: 'json.defaultModel' },
    ]);
    return c.json(await createPersona(c.var.services, user.id, body), 201);
  })
  .openapi(update, async (c) => {
    const user = requireUser(c);
    const { id } = c.req.valid('param');
    assertNotSeed(id);
    const body = c.req.valid('json');
    if (body.defaultProvider || body.defaultModel) {
      // The pair as it will be: a field not sent keeps the persona's own (none when it is not the user's: updatePersona 404s).
      const [stored] = await resolvePersonas(c.var.services, user.id, [id]).catch(() => []);
      const provider = body.defaultProvider ?? stored?.defaultProvider;
      const model = body.defaultModel ?? stored?.defaultModel;
      if (provider && model)
        await assertModelsOffered(c.var.services, [{ provider, model, field: 'json.defaultModel' }]);
    }
    return c.json(await updatePersona(c.var.services, user.id, id, body), 200);
  })
  .openapi(remove, async (c) => {
    const user = requireUser(c);
    const { id } = c.req.valid('param');
    assertNotSeed(id);
    await deletePersona(c.var.services, user.id, id);
    return c.body(null, 204);
  });
