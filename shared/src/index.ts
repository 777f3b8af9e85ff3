/**
 * @collectflow/shared — schemas and rules shared by every Collectflow package. Isomorphic: no
 * Node-only imports, so the designer can bundle it.
 */
export * from './auth/credentials.ts';
export * from './auth/role.ts';
export * from './auth/user.ts';
export * from './brands/brand.ts';
export * from './cases/case.ts';
export * from './debtors/channel.ts';
export * from './debtors/debtor.ts';
export * from './debtors/invoice.ts';
export * from './events/event.ts';
export * from './i18n/language.ts';
export * from './money/money.ts';
export * from './workspace/overview.ts';
