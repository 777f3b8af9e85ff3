/**
 * Filters templates may use beyond Liquid's standard ones. Names and help live here so the
 * save-time check and the designer know them; the runtime's renderer implements each.
 */

export const templateFilterHelp = {
  money: 'An amount in the message’s language: € 1.234,56 (nl), 1.234,56 € (de), €1,234.56 (en).',
  short_date: 'A date as 23-11-2026 (nl), 23.11.2026 (de), 23/11/2026 (en).',
  long_date: 'A date as 23 november 2026 (nl), 23. November 2026 (de), 23 November 2026 (en).',
  salutation: 'The greeting for a debtor, formal or informal as the brand sets it: {{ debtor | salutation }}.',
} as const;

export type TemplateFilterName = keyof typeof templateFilterHelp;
export const templateFilterNames = Object.keys(templateFilterHelp) as TemplateFilterName[];
