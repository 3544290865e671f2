// Moments as replies show them, one way everywhere: "6 Dec 2026 14:00 UTC".

const formatters = new Map<string, Intl.DateTimeFormat>();

/** "6 Dec 2026 14:00 UTC", on the clocks of `timeZone` ("6 Dec 2026 15:00 CET" for Europe/Berlin). */
export function formatMoment(at: Date, timeZone: string): string {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter.format(at).replace(',', '');
}
