/** A video's age in words: "5 h", "2.3 days", "41 days". */
export function formatAge(days: number | null): string {
  if (days === null) return '—';
  if (days < 1) return `${Math.max(0, Math.round(days * 24))} h`;
  if (days < 10) return `${days.toFixed(1)} days`;
  return `${Math.round(days)} days`;
}
