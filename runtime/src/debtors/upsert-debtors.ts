/**
 * Creating and updating debtors by their ERP id, many at once (the REST API's batches). A field
 * left out keeps its value, `null` clears it; consents merge per channel, attributes per key.
 * Returns the open cases of the changed debtors: their facts changed, so they may now enter
 * flows.
 */
import type { DebtorUpsert } from '@collectflow/shared';
import { openCasesOfDebtors } from '../cases/open-cases.ts';
import type { Queryable } from '../db/pool.ts';
import { DomainError } from '../errors/domain-error.ts';
import { duplicateExternalIds } from './duplicate-external-ids.ts';

export interface UpsertedDebtors {
  items: Array<{ externalId: string; id: string; created: boolean }>;
  openCaseIds: string[];
}

const keep = (key: string, column: string, value = `i.doc ->> '${key}'`) =>
  `case when i.doc ? '${key}' then ${value} else d.${column} end`;
const keepAddress = (part: string, column: string) =>
  `case when i.doc ? 'address' then i.doc #>> '{address,${part}}' else d.${column} end`;

export async function upsertDebtors(
  db: Queryable,
  workspaceId: string,
  items: readonly DebtorUpsert[],
): Promise<UpsertedDebtors> {
  const duplicates = duplicateExternalIds(
    items.map((item) => item.externalId),
    'externalId',
  );
  if (duplicates.length > 0) {
    throw new DomainError('BAD_REQUEST', 'A batch names the same debtor twice.', { items: duplicates });
  }
  const input = JSON.stringify(items);
  const updated = await db.query<{ id: string; external_id: string }>(
    `with input as (select doc from jsonb_array_elements($2::jsonb) as t(doc))
     update debtors d set
            kind = coalesce((i.doc ->> 'kind')::debtor_kind, d.kind),
            language = i.doc ->> 'language',
            first_name = ${keep('firstName', 'first_name')},
            last_name = ${keep('lastName', 'last_name')},
            company_name = ${keep('companyName', 'company_name')},
            email = ${keep('email', 'email')},
            phone = ${keep('phone', 'phone')},
            address_line1 = ${keepAddress('line1', 'address_line1')},
            address_line2 = ${keepAddress('line2', 'address_line2')},
            postal_code = ${keepAddress('postalCode', 'postal_code')},
            city = ${keepAddress('city', 'city')},
            country_code = ${keepAddress('country', 'country_code')},
            preferred_channel = ${keep('preferredChannel', 'preferred_channel', `(i.doc ->> 'preferredChannel')::channel`)},
            consents = d.consents || coalesce(i.doc -> 'consents', '{}'),
            attributes = jsonb_strip_nulls(d.attributes || coalesce(i.doc -> 'attributes', '{}')),
            updated_at = now()
       from input i
      where d.workspace_id = $1 and d.external_id = i.doc ->> 'externalId'
      returning d.id, d.external_id`,
    [workspaceId, input],
  );
  const inserted = await db.query<{ id: string; external_id: string }>(
    `insert into debtors (workspace_id, external_id, kind, first_name, last_name, company_name, language, email, phone,
                          address_line1, address_line2, postal_code, city, country_code, preferred_channel, consents,
                          attributes)
     select $1, i.doc ->> 'externalId', coalesce((i.doc ->> 'kind')::debtor_kind, 'person'), i.doc ->> 'firstName',
            i.doc ->> 'lastName', i.doc ->> 'companyName', i.doc ->> 'language', i.doc ->> 'email', i.doc ->> 'phone',
            i.doc #>> '{address,line1}', i.doc #>> '{address,line2}', i.doc #>> '{address,postalCode}',
            i.doc #>> '{address,city}', i.doc #>> '{address,country}', (i.doc ->> 'preferredChannel')::channel,
            coalesce(i.doc -> 'consents', '{}'), jsonb_strip_nulls(coalesce(i.doc -> 'attributes', '{}'))
       from jsonb_array_elements($2::jsonb) as i(doc)
      where i.doc ->> 'externalId' <> all($3::text[])
     on conflict (workspace_id, external_id) do nothing
     returning id, external_id`,
    [workspaceId, input, updated.rows.map((row) => row.external_id)],
  );
  const ids = new Map<string, { id: string; created: boolean }>();
  for (const row of updated.rows) ids.set(row.external_id, { id: row.id, created: false });
  for (const row of inserted.rows) ids.set(row.external_id, { id: row.id, created: true });
  const missing = items.flatMap((item, index) => (ids.has(item.externalId) ? [] : [index]));
  if (missing.length > 0) {
    throw new DomainError(
      'CONFLICT',
      'Some debtors were created by another request at the same moment; send the batch again.',
      {
        items: missing.map((index) => ({ index, field: 'externalId', message: 'was created concurrently' })),
      },
    );
  }
  return {
    items: items.map((item) => ({ externalId: item.externalId, ...ids.get(item.externalId)! })),
    openCaseIds: await openCasesOfDebtors(
      db,
      workspaceId,
      [...ids.values()].map((entry) => entry.id),
    ),
  };
}
