/**
 * The packages named by pip 20.2's conflict lines, lower-cased: the one whose requirement
 * breaks and the one installed at the wrong version ("b 8.0.0 requires C==8.0.0, but you'll
 * have c 7.0.0 which is incompatible.", "a 1.0 requires x, which is not installed.").
 */
export function brokenNames(lines: readonly string[]): Set<string> {
  const names = new Set<string>();
  for (const line of lines) {
    const requirer = /^(\S+) \S+ requires /.exec(line);
    if (requirer) names.add(requirer[1]!.toLowerCase());
    const have = /but you'll have (\S+) \S+ which is incompatible/.exec(line);
    if (have) names.add(have[1]!.toLowerCase());
  }
  return names;
}
