import type { ExtraFields } from '../dialects/dialect';
import type { Attempt } from './attempt';

/**
 * The response's `extra_fields`, in every dialect: the attempt's facts (which provider, which
 * fallback, what it cost: the same figure the log, the metric and the budget get) over whatever
 * fields the answering plugin added (a cache hit's `cache_debug`). Plugins cannot override facts.
 */
export function extraFieldsOf(attempt: Readonly<Attempt>): ExtraFields {
  return {
    ...attempt.response?.extraFields,
    provider: attempt.provider,
    fallback_index: attempt.index,
    ...(attempt.cost !== undefined && { cost: attempt.cost }),
  };
}
