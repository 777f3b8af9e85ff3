/**
 * @collectflow/shared — schemas and rules shared by every Collectflow package. Isomorphic: no
 * Node-only imports, so the designer can bundle it.
 */

export * from './api/api-key.ts';
export * from './api/api-v1.ts';
export * from './auth/credentials.ts';
export * from './auth/role.ts';
export * from './auth/user.ts';
export * from './brands/brand.ts';
export * from './cases/case.ts';
export * from './debtors/channel.ts';
export * from './debtors/debtor.ts';
export * from './debtors/invoice.ts';
export * from './errors/issue-message.ts';
export * from './events/event.ts';
export * from './flow/dry-run.ts';
export * from './flow/flow.ts';
export * from './flow/flow-problem.ts';
export * from './flow/flow-record.ts';
export * from './flow/flow-settings.ts';
export * from './flow/node-catalog.ts';
export * from './flow/node-type.ts';
export * from './flow/nodes/ab-split.ts';
export * from './flow/nodes/action.ts';
export * from './flow/nodes/channel-node-data.ts';
export * from './flow/nodes/email.ts';
export * from './flow/nodes/entry.ts';
export * from './flow/nodes/exit.ts';
export * from './flow/nodes/filter.ts';
export * from './flow/nodes/letter.ts';
export * from './flow/nodes/sms.ts';
export * from './flow/nodes/voice.ts';
export * from './flow/nodes/wait.ts';
export * from './flow/nodes/wait-for.ts';
export * from './flow/timing/ab-variant.ts';
export * from './flow/timing/describe-wait.ts';
export * from './flow/timing/quiet-hours.ts';
export * from './flow/timing/wait-until.ts';
export * from './flow/to-flow-definition.ts';
export * from './i18n/language.ts';
export * from './money/money.ts';
export * from './segments/evaluate-segment.ts';
export * from './segments/segment-fields.ts';
export * from './segments/segment-rule.ts';
export * from './segments/segment-sql.ts';
export * from './templates/brand-mjml-head.ts';
export * from './templates/check-template.ts';
export * from './templates/dunning-blocks.ts';
export * from './templates/layout-lock.ts';
export * from './templates/sms-segments.ts';
export * from './templates/template-content.ts';
export * from './templates/template-filters.ts';
export * from './templates/template-record.ts';
export * from './templates/template-variables.ts';
export * from './templates/tts-locales.ts';
export * from './workspace/overview.ts';
