/** Saves a value as a JSON file in the browser's downloads. */
export function downloadJson(name: string, value: unknown): void {
  // Compact: indented, nested event data grew past the longest string a browser makes.
  const url = URL.createObjectURL(new Blob([JSON.stringify(value)], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
