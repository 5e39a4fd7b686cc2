/** The whole Drizzle schema, one module per domain. drizzle-kit generates drizzle/ from here. */
export * from './users.ts';
export * from './conversations.ts';
export * from './messages.ts';
export * from './providers.ts';
export * from './provider-calls.ts';
export * from './personas.ts';
export * from './audience.ts';
