import { describe, expect, it } from 'vitest';
import type { ResolvedPackage } from '../../../src/core/index.ts';
import { allPaths, buildTree } from '../../../src/ui/components/DependencyTree/tree.ts';

function pkg(key: string, requiredBy: [string | null, string][]): ResolvedPackage {
  return {
    key,
    name: key,
    version: '1.0',
    extras: [],
    yanked: false,
    prerelease: false,
    requiresPython: null,
    direct: requiredBy.some(([from]) => from === null),
    requiredBy: requiredBy.map(([from, requirement]) => ({ from, fromVersion: from ? '1.0' : null, requirement })),
  };
}

describe('buildTree', () => {
  const plan = [
    pkg('app', [[null, 'app']]),
    pkg('requests', [[null, 'requests[socks]'], ['app', 'requests>=2']]),
    pkg('pysocks', [['requests[socks]', 'PySocks>=1.5.6; extra == "socks"']]),
    pkg('a', [['app', 'a'], ['b', 'a']]),
    pkg('b', [['a', 'b']]),
  ];
  const tree = buildTree(plan);

  it('puts your requirements at the top, sorted', () => {
    expect(tree.roots.map((e) => [e.key, e.requirement])).toEqual([
      ['app', 'app'],
      ['requests', 'requests[socks]'],
    ]);
  });

  it('files an extra’s requirements under its project', () => {
    expect(tree.children.get('requests')?.map((e) => e.key)).toEqual(['pysocks']);
  });

  it('lists a package under every parent', () => {
    expect(tree.children.get('app')?.map((e) => e.key)).toEqual(['a', 'requests']);
    expect(tree.children.get('b')?.map((e) => e.key)).toEqual(['a']);
  });

  it('stops expanding at a cycle', () => {
    expect(allPaths(tree)).toEqual(['app', 'app>a', 'app>a>b', 'app>requests', 'requests']);
  });

  it('caps the number of rows opened at once', () => {
    expect(allPaths(tree, 2)).toHaveLength(2);
  });
});
