/** pip's own words in a run's output: everything but the "Collecting …" progress and downloads. */
export function pipOwnWords(output: readonly string[]): string {
  return output
    .filter((line) => !/^\s*(Looking in indexes|Collecting |Obtaining dependency information|Downloading |Installing build dependencies|Getting requirements to build|Preparing metadata)/.test(line))
    .join('\n')
    .trim();
}
