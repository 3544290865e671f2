// YouTube quotas reset at midnight Pacific Time, so the ledger's day is the Pacific calendar date.

const PACIFIC = 'America/Los_Angeles';
const formatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: PACIFIC,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The Pacific calendar date of an instant, as a UTC-midnight Date (what a DATE column stores). */
export function pacificDay(instant: Date): Date {
  return new Date(`${formatter.format(instant)}T00:00:00Z`);
}

/** YYYY-MM-DD of the Pacific date, as the Analytics API expects its dates. */
export function pacificDate(instant: Date): string {
  return formatter.format(instant);
}
