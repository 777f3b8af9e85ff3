/** Brand kits of a workspace. */
import type { Brand, UpdateBrandInput } from '@collectflow/shared';
import type { Queryable } from '../db/pool.ts';
import { DomainError } from '../errors/domain-error.ts';

const brandColumns = `id, name, logo_url as "logoUrl", colours, fonts,
  sender_identities as "senderIdentities", legal_footer as "legalFooter", payment, tone,
  self_service as "selfService"`;

export async function listBrands(db: Queryable, workspaceId: string): Promise<Brand[]> {
  const { rows } = await db.query<Brand>(`select ${brandColumns} from brands where workspace_id = $1 order by name`, [
    workspaceId,
  ]);
  return rows;
}

export async function getBrand(db: Queryable, workspaceId: string, brandId: string): Promise<Brand> {
  const { rows } = await db.query<Brand>(`select ${brandColumns} from brands where workspace_id = $1 and id = $2`, [
    workspaceId,
    brandId,
  ]);
  if (!rows[0])
    throw new DomainError('NOT_FOUND', 'That brand does not exist in this workspace.', { field: 'brandId' });
  return rows[0];
}

export async function createBrand(db: Queryable, workspaceId: string, brand: Omit<Brand, 'id'>): Promise<Brand> {
  const { rows } = await db.query<Brand>(
    `insert into brands (workspace_id, name, logo_url, colours, fonts, sender_identities, legal_footer, payment, tone,
                         self_service)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning ${brandColumns}`,
    [
      workspaceId,
      brand.name,
      brand.logoUrl,
      JSON.stringify(brand.colours),
      JSON.stringify(brand.fonts),
      JSON.stringify(brand.senderIdentities),
      brand.legalFooter,
      brand.payment ? JSON.stringify(brand.payment) : null,
      JSON.stringify(brand.tone),
      JSON.stringify(brand.selfService),
    ],
  );
  return rows[0]!;
}

export async function updateBrand(db: Queryable, workspaceId: string, input: UpdateBrandInput): Promise<Brand> {
  const { rows } = await db.query<Brand>(
    `update brands set
        name = coalesce($3, name),
        logo_url = case when $4::boolean then $5 else logo_url end,
        colours = coalesce($6, colours),
        fonts = coalesce($7, fonts),
        sender_identities = coalesce($8, sender_identities),
        legal_footer = coalesce($9, legal_footer),
        payment = case when $10::boolean then $11::jsonb else payment end,
        tone = coalesce($12, tone),
        self_service = coalesce($13, self_service),
        updated_at = now()
      where workspace_id = $1 and id = $2
      returning ${brandColumns}`,
    [
      workspaceId,
      input.id,
      input.name ?? null,
      input.logoUrl !== undefined,
      input.logoUrl ?? null,
      input.colours ? JSON.stringify(input.colours) : null,
      input.fonts ? JSON.stringify(input.fonts) : null,
      input.senderIdentities ? JSON.stringify(input.senderIdentities) : null,
      input.legalFooter ?? null,
      input.payment !== undefined,
      input.payment ? JSON.stringify(input.payment) : null,
      input.tone ? JSON.stringify(input.tone) : null,
      input.selfService ? JSON.stringify(input.selfService) : null,
    ],
  );
  if (!rows[0]) throw new DomainError('NOT_FOUND', 'That brand does not exist in this workspace.');
  return rows[0];
}
