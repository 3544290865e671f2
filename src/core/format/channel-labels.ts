/** Demo data is labelled wherever it is shown. */
export function channelLabels(source: string): string[] {
  return source === 'demo' ? ['demo data (synthetic)'] : [];
}
