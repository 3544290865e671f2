/**
 * `text` as a LIKE / ILIKE pattern that matches that text only. On PostgreSQL, Prisma's `equals` in `insensitive`
 * mode, `contains` and `startsWith` are LIKE and ILIKE, and `_` and `%` in the value stay wildcards
 * (prisma/prisma#10810): removing the competitor "@tech_news" also removed "@tech-news". Backslash is LIKE's
 * default escape character.
 */
export const likeLiteral = (text: string): string => text.replace(/[\\%_]/g, '\\$&');

/** A Prisma string filter for a name typed in any case: that name, not a pattern. */
export const sameNameAnyCase = (name: string) => ({ equals: likeLiteral(name), mode: 'insensitive' as const });
