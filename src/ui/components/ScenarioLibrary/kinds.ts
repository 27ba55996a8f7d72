/** Labels for the kinds of trouble a scenario shows (the file format's slugs). */
const KIND_LABELS: Readonly<Record<string, string>> = {
  'direct-clash': 'Direct clash',
  'transitive-clash': 'Transitive clash',
  'requires-python': 'Requires-Python',
  yanked: 'Yanked',
  prerelease: 'Only pre-releases',
  'no-wheel': 'No wheel for the platform',
  misspelt: 'Misspelt name',
  backtracking: 'Deep backtracking',
  success: 'Real-world success',
  packse: 'packse',
  case: 'Resolution case',
};

export function kindLabel(kind: string): string {
  return KIND_LABELS[kind] ?? kind;
}
