/** Brand kits: everyone reads them; admins, marketing and designers change them. */
import { roleGroups, UpdateBrandInput } from '@collectflow/shared';
import { listBrands, updateBrand } from '../../../brands/brand-queries.ts';
import { authedProcedure, router } from '../trpc.ts';

export const brandsRouter = router({
  list: authedProcedure(roleGroups.everyone).query(({ ctx }) => listBrands(ctx.pool, ctx.workspaceId)),
  update: authedProcedure(roleGroups.brandEditors)
    .input(UpdateBrandInput)
    .mutation(({ ctx, input }) => updateBrand(ctx.pool, ctx.workspaceId, input)),
});
