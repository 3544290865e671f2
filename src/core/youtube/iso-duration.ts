// YouTube gives durations as ISO 8601 (PT15M51S, PT1H2M3S, P1DT2H, P0D for upcoming live streams).

const DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Seconds in an ISO-8601 duration, or null when the text is not one (years and months are not used by YouTube). */
export function parseIsoDuration(text: string | null | undefined): number | null {
  if (!text) return null;
  const match = DURATION.exec(text.trim());
  if (!match || text.endsWith('T')) return null;
  const [, weeks, days, hours, minutes, seconds] = match.map((part) => (part === undefined ? 0 : Number(part)));
  return Math.round(
    (weeks ?? 0) * 604_800 + (days ?? 0) * 86_400 + (hours ?? 0) * 3600 + (minutes ?? 0) * 60 + (seconds ?? 0),
  );
}

/** The ISO-8601 form YouTube uses for a number of seconds (the fake server writes durations with it). */
export function formatIsoDuration(totalSeconds: number): string {
  if (totalSeconds <= 0) return 'P0D';
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  return `PT${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}${seconds ? `${seconds}S` : ''}`;
}
