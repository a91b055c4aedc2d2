import { UnknownScheme } from '../shared/domain-rule-violation';
import { escaBronze, escaGold, escaSilver } from './esca-labels';
import { madeInBanat } from './made-in-banat';
import type { Scheme } from './scheme';
import { assertValidScheme } from './validate-scheme';

/** Every version of every scheme ever used stays here: old applications are judged by their own version. */
export type SchemeCatalogue = readonly Scheme[];

export const defaultSchemeCatalogue: SchemeCatalogue = [madeInBanat, escaBronze, escaSilver, escaGold].map(assertValidScheme);

/** The given version, or the latest one when no version is asked for. */
export function findScheme(catalogue: SchemeCatalogue, id: string, version?: number): Scheme {
  const candidates = catalogue
    .filter((s) => s.id === id && (version === undefined || s.version === version))
    .sort((a, b) => b.version - a.version);
  if (candidates.length === 0) throw new UnknownScheme(id, version);
  return candidates[0];
}
