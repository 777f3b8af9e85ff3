/**
 * Rendering speed: personalised e-mails per second from the demo's branded friendly reminder
 * (compiled once, then LiquidJS with our values, blocks and the plain-text alternative per
 * message), next to a bare LiquidJS render of the same data through an equivalent template
 * (plain values, the invoice table as a Liquid loop) in the same run.
 */
import type { Brand, TemplateContent } from '@collectflow/shared';
import { Liquid } from 'liquidjs';
import { exampleTemplates } from '../src/demo/example-templates.ts';
import { generateSyntheticDebtors } from '../src/demo/synthetic-debtors.ts';
import { compileTemplate } from '../src/templates/compile-template.ts';
import { renderMessage } from '../src/templates/render-message.ts';

export interface RenderingResult {
  emailsPerSecond: number;
  bareLiquidPerSecond: number;
  withoutTextPerSecond: number;
}

const bareTable =
  '<table>{% for invoice in invoices %}<tr><td>{{ invoice.number }}</td><td>{{ invoice.issue_date }}</td><td>{{ invoice.due_date }}</td><td>{{ invoice.open_amount }}</td></tr>{% endfor %}<tr><td colspan="3">Total</td><td>{{ totals.due }}</td></tr></table>';

export async function measureTemplateRendering(brand: Brand, messages: number): Promise<RenderingResult> {
  const content = exampleTemplates.find((template) => template.key === 'reminder-friendly')!.content as TemplateContent;
  const compiled = await compileTemplate(content);
  const debtors = generateSyntheticDebtors({ count: 1000, today: '2026-11-23', seed: 7 });
  const factsOf = (index: number) => {
    const debtor = debtors[index % debtors.length]!;
    return {
      debtor: {
        kind: debtor.kind,
        externalId: debtor.externalId,
        firstName: debtor.firstName,
        lastName: debtor.lastName,
        companyName: debtor.companyName,
        email: debtor.email,
        phone: debtor.phone,
        address: debtor.address ? { ...debtor.address, line2: null } : null,
      },
      debtorLanguage: debtor.language,
      caseId: '7c2a9f10-5b3e-4d8a-9e21-3f4b5c6d7e8f',
      currency: 'EUR',
      invoices: debtor.invoices.map((invoice) => ({
        externalId: invoice.externalId,
        issueDate: invoice.issueDate,
        dueDate: invoice.dueDate,
        amountMinor: invoice.amountMinor,
        openAmountMinor: invoice.openAmountMinor,
      })),
      costsMinor: 0,
      interestMinor: 0,
      installment: null,
      brand,
      paylinkUrl: 'https://collect.example.com/p/CF-7C2A9F10',
      today: '2026-11-23',
    };
  };

  // Warm up (parse caches, JIT) before timing.
  for (let index = 0; index < 200; index += 1) await renderMessage(compiled, factsOf(index));
  let started = performance.now();
  for (let index = 0; index < messages; index += 1) await renderMessage(compiled, factsOf(index));
  const emailsPerSecond = messages / ((performance.now() - started) / 1000);

  // The same HTML and data through a bare LiquidJS: no value objects, blocks as plain loops.
  const bare = new Liquid({ outputEscape: 'escape' });
  const variants = new Map(
    compiled.variants.map((variant) => [
      variant.language,
      bare.parse(
        (variant as { html: string }).html.replace(/\{%\s*\w+\s*%\}/g, (tag) =>
          tag.includes('invoice_table') ? bareTable : '',
        ),
      ),
    ]),
  );
  const plainData = (index: number) => {
    const facts = factsOf(index);
    const euros = (minor: number) => `€ ${(minor / 100).toFixed(2)}`;
    return {
      debtor: {
        salutation: `Dear ${facts.debtor.firstName ?? ''}`,
        name: `${facts.debtor.firstName} ${facts.debtor.lastName}`,
      },
      invoices: facts.invoices.map((invoice) => ({
        number: invoice.externalId,
        issue_date: invoice.issueDate,
        due_date: invoice.dueDate,
        open_amount: euros(invoice.openAmountMinor),
      })),
      totals: { due: euros(facts.invoices.reduce((sum, invoice) => sum + invoice.openAmountMinor, 0)) },
      brand: { name: brand.name, colours: brand.colours, fonts: brand.fonts, sender_name: brand.name },
      dates: { pay_by: '2026-12-07' },
      paylink: { url: facts.paylinkUrl },
      language: facts.debtorLanguage,
    };
  };
  const template = (index: number) =>
    variants.get(debtors[index % debtors.length]!.language as never) ?? variants.get(compiled.fallbackLanguage)!;
  for (let index = 0; index < 200; index += 1) await bare.render(template(index), plainData(index));
  started = performance.now();
  for (let index = 0; index < messages; index += 1) await bare.render(template(index), plainData(index));
  const bareLiquidPerSecond = messages / ((performance.now() - started) / 1000);

  // Ours without the plain-text alternative, to show where the time goes.
  const { htmlLiquid } = await import('../src/templates/liquid-engines.ts');
  const { buildMessageData } = await import('../src/templates/message-data.ts');
  const { chooseVariant } = await import('../src/templates/render-message.ts');
  started = performance.now();
  for (let index = 0; index < messages; index += 1) {
    const facts = factsOf(index);
    const variant = chooseVariant(compiled, facts.debtorLanguage) as { html: string; language: 'en' };
    await htmlLiquid.parseAndRender(
      variant.html,
      buildMessageData({ ...facts, language: variant.language, channel: 'email' }),
    );
  }
  const withoutTextPerSecond = messages / ((performance.now() - started) / 1000);
  return { emailsPerSecond, bareLiquidPerSecond, withoutTextPerSecond };
}
