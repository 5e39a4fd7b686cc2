import { boolean, jsonb, pgTable, uuid, varchar } from 'drizzle-orm/pg-core';

/** Provider endpoints, models and default parameters that add to or override the built-in ones. */
export const aiProviders = pgTable('ai_providers', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: varchar('name', { length: 100 }).unique().notNull(),
  providerType: varchar('provider_type', { length: 50 }),
  apiEndpoint: varchar('api_endpoint', { length: 500 }),
  modelName: varchar('model_name', { length: 100 }),
  defaultParameters: jsonb('default_parameters').$type<Record<string, unknown>>().default({}),
  isActive: boolean('is_active').default(true),
});
