/** Demo data is labelled wherever it is shown. */
export function channelLabels(source: 'demo' | 'csv' | 'youtube'): string[] {
  return source === 'demo' ? ['demo data (synthetic)'] : [];
}
