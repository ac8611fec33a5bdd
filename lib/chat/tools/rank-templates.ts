/** How well a template matches a list_templates query; lower is better, null = no match. */
export type MatchRank = 0 | 1 | 2 | 3;

const TIERS = { exact: 0, prefix: 1, contains: 2, description: 3 } as const;

export type RankableTemplate = { name: string; displayName: string; description: string };

/**
 * Case-insensitive: exact name or display name, then prefix, then contains, then a match in the
 * description. Templates that match nothing are left out (null).
 */
export function rankTemplate(template: RankableTemplate, query: string): MatchRank | null {
  const q = query.trim().toLowerCase();
  if (!q) return TIERS.exact;
  const names = [template.name.toLowerCase(), template.displayName.toLowerCase()].filter(Boolean);
  if (names.some((n) => n === q)) return TIERS.exact;
  if (names.some((n) => n.startsWith(q))) return TIERS.prefix;
  if (names.some((n) => n.includes(q))) return TIERS.contains;
  if (template.description.toLowerCase().includes(q)) return TIERS.description;
  return null;
}

/**
 * The template to recommend: the only one in the best tier when that tier is a decisive match
 * (exact or prefix), or the only template at all when there is no query.
 */
export function recommend<T extends RankableTemplate & { rank: MatchRank }>(ranked: T[], hasQuery: boolean): T | null {
  if (!hasQuery) return ranked.length === 1 ? ranked[0]! : null;
  const best = Math.min(...ranked.map((t) => t.rank));
  if (best > TIERS.prefix) return null;
  const top = ranked.filter((t) => t.rank === best);
  return top.length === 1 ? top[0]! : null;
}
