/** Failing scenarios of the bundled library, explained once for the wording tests. */
import { fileURLToPath } from 'node:url';
import { IndexProvider, prepareFindings, resolve, type Findings } from '../../../src/core/index.ts';
import { readProblem, requestFor } from '../../../src/cli/files.ts';

export const BUNDLED_FAILURES = ['direct-clash', 'transitive-clash', 'requires-python', 'yanked', 'prerelease', 'no-wheel', 'misspelt'] as const;

export async function bundledFindings(id: string): Promise<Findings> {
  const problem = readProblem(fileURLToPath(new URL(`../../../public/scenarios/${id}.json`, import.meta.url)));
  const provider = new IndexProvider(problem.index);
  const request = requestFor(problem, 'pip');
  const result = await resolve(provider, request);
  if (result.ok) throw new Error(`${id} resolves; the wording tests need a failure`);
  return prepareFindings(provider, request, result, 500);
}
