/**
 * The debtors of one import batch, upserted by their ERP id in one statement. Only what the
 * mapping maps is written to a known debtor: a file without a phone column keeps the phone
 * numbers the API or an earlier file gave (a mapped but empty cell does clear its field). A
 * debtor whose mapped fields all equal the file's is not rewritten at all, so importing the
 * same file again costs no writes.
 */
import type { DebtorUpsert, ImportField, ImportMapping } from '@collectflow/shared';
import type { Queryable } from '../db/pool.ts';

export interface ImportedDebtors {
  created: number;
  /** Known debtors whose mapped fields changed (their open cases may now enter flows). */
  changedIds: string[];
}

/** The debtor columns each mapped field writes. */
const columnsOf: Partial<Record<ImportField, readonly string[]>> = {
  'debtor.firstName': ['first_name'],
  'debtor.lastName': ['kind', 'last_name'],
  'debtor.companyName': ['kind', 'company_name'],
  'debtor.language': ['language'],
  'debtor.email': ['email'],
  'debtor.phone': ['phone'],
  'debtor.addressLine1': ['address_line1', 'postal_code', 'city', 'country_code'],
};

export async function importDebtors(
  db: Queryable,
  workspaceId: string,
  mapping: ImportMapping,
  debtors: readonly DebtorUpsert[],
): Promise<ImportedDebtors> {
  if (debtors.length === 0) return { created: 0, changedIds: [] };
  const mapped = [...new Set(Object.keys(mapping.columns).flatMap((field) => columnsOf[field as ImportField] ?? []))];
  const changes =
    mapped.length === 0
      ? 'do nothing'
      : `do update set ${mapped.map((column) => `${column} = excluded.${column}`).join(', ')}, updated_at = now()
          where (${mapped.map((column) => `debtors.${column}`).join(', ')})
                is distinct from (${mapped.map((column) => `excluded.${column}`).join(', ')})`;
  const { rows } = await db.query<{ id: string; created: boolean }>(
    `insert into debtors (workspace_id, external_id, kind, first_name, last_name, company_name, language, email, phone,
                          address_line1, postal_code, city, country_code)
     select $1, t.external_id, t.kind::debtor_kind, t.first_name, t.last_name, t.company_name, t.language, t.email,
            t.phone, t.address_line1, t.postal_code, t.city, t.country_code
       from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                   $10::text[], $11::text[], $12::text[], $13::text[])
         as t(external_id, kind, first_name, last_name, company_name, language, email, phone, address_line1,
              postal_code, city, country_code)
     on conflict (workspace_id, external_id) ${changes}
     returning id, (xmax = 0) as created`,
    [
      workspaceId,
      debtors.map((debtor) => debtor.externalId),
      debtors.map((debtor) => debtor.kind ?? 'person'),
      debtors.map((debtor) => debtor.firstName ?? null),
      debtors.map((debtor) => debtor.lastName ?? null),
      debtors.map((debtor) => debtor.companyName ?? null),
      debtors.map((debtor) => debtor.language),
      debtors.map((debtor) => debtor.email ?? null),
      debtors.map((debtor) => debtor.phone ?? null),
      debtors.map((debtor) => debtor.address?.line1 ?? null),
      debtors.map((debtor) => debtor.address?.postalCode ?? null),
      debtors.map((debtor) => debtor.address?.city ?? null),
      debtors.map((debtor) => debtor.address?.country ?? null),
    ],
  );
  return {
    created: rows.filter((row) => row.created).length,
    changedIds: rows.flatMap((row) => (row.created ? [] : [row.id])),
  };
}
