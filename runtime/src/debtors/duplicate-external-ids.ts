/** Items of one batch that name an external id an earlier item already named. */
import type { ItemProblem } from '../errors/domain-error.ts';

export function duplicateExternalIds(externalIds: readonly string[], field: string): ItemProblem[] {
  const first = new Map<string, number>();
  const problems: ItemProblem[] = [];
  externalIds.forEach((externalId, index) => {
    const earlier = first.get(externalId);
    if (earlier === undefined) first.set(externalId, index);
    else problems.push({ index, field, message: `“${externalId}” is also item ${earlier}; send each once per batch` });
  });
  return problems;
}
