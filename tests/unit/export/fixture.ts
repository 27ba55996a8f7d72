import type { ExportContext } from '../../../src/core/export/distribution.ts';
/** A small index with one of everything the exports must handle, resolved for a target. */
import { makeTarget, type TargetEnvironment } from '../../../src/core/environment/index.ts';
import { loadSnapshot } from '../../../src/core/index/snapshot.ts';
import { IndexProvider } from '../../../src/core/index/provider.ts';
import type { PackageIndex } from '../../../src/core/index/model.ts';
import { parseRequirement } from '../../../src/core/pep508/index.ts';
import { resolve, type ResolveSuccess } from '../../../src/core/solver/index.ts';

export const YANK_REASON = 'broken | <b>bad</b> `x`';

export const SNAPSHOT = {
  format: 'index-snapshot/1',
  projects: {
    Flask: {
      versions: {
        '2.0.0': {
          requires_dist: ['Werkzeug>=2', 'asgiref>=3.2; extra == "async"'],
          provides_extra: ['async'],
          requires_python: '>=3.6',
          upload_time: '2021-05-11T21:12:09Z',
          wheel_tags: ['py3-none-any'],
          sdist: true,
        },
      },
    },
    Werkzeug: { versions: { '2.0.0': { requires_python: '>=3.6', wheel_tags: ['py3-none-any'], sdist: true } } },
    asgiref: { versions: { '3.7.2': { requires_python: '>=3.7' } } },
    oldpkg: { versions: { '1.0': { yanked: YANK_REASON }, '0.9': {} } },
    'bin.pkg': {
      versions: {
        '1.0': {
          wheel_tags: ['cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64', 'cp312-cp312-macosx_11_0_arm64', 'cp312-cp312-win_amd64', 'py3-none-any'],
        },
      },
    },
    srconly: { versions: { '1.0': {} } },
    beta: { versions: { '2.0b1': {} } },
  },
};

export const REQUIREMENTS = ['Flask[async]>=2', 'oldpkg==1.0', 'bin.pkg', 'srconly', 'beta==2.0b1'];

export interface Resolved {
  readonly success: ResolveSuccess;
  readonly index: PackageIndex;
  readonly target: TargetEnvironment;
}

export async function resolveFixture(target: TargetEnvironment = makeTarget({ python: '3.12' })): Promise<Resolved> {
  const { index } = loadSnapshot(SNAPSHOT);
  const result = await resolve(new IndexProvider(index), { requirements: REQUIREMENTS.map(parseRequirement), target });
  if (!result.ok) throw new Error('the export fixture must resolve');
  return { success: result, index, target };
}

type FileQuestion<T> = (projectKey: string, version: string, wheelTag: string | null) => T;

/** An export context's `givenFile` from a URL per file (undefined: not known) and, optionally, its hashes. */
export function givenFiles(url: FileQuestion<string | undefined>, hashes?: FileQuestion<Readonly<Record<string, string>> | undefined>): NonNullable<ExportContext['givenFile']> {
  return (key, version, wheelTag) => {
    const given = url(key, version, wheelTag);
    return given === undefined ? undefined : { url: given, hashes: hashes?.(key, version, wheelTag) ?? {} };
  };
}
