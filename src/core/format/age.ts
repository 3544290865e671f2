/**
 * "read at 12 h" when a video's figures were read at an age other than its age now (a video an export stopped
 * listing): its views and scores stand at that age. Null when the two read the same.
 */
export function readAgeNote(ageNowDays: number | null, readAtDays: number | null): string | null {
  const read = formatAge(readAtDays);
  return formatAge(ageNowDays) === read ? null : `read at ${read}`;
}

/** A video's age in words: "5 h", "2.3 days", "41 days". */
export function formatAge(days: number | null): string {
  if (days === null) return '—';
  if (days < 1) return `${Math.max(0, Math.round(days * 24))} h`;
  if (days < 10) return `${days.toFixed(1)} days`;
  return `${Math.round(days)} days`;
}
