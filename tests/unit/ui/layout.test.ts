import { describe, expect, it } from 'vitest';
import type { ConflictFacts } from '../../../src/core/index.ts';
import { layoutFacts, nodeSize } from '../../../src/ui/components/ConflictGraph/layout.ts';

const node = (id: string, kind: 'root' | 'package' = 'package') => ({ id, label: id, versions: '', kind, notFound: false, problems: [], inMinimalConflict: false, clashing: false });
const edge = (from: string, to: string) => ({ from, to, label: `${to}>1`, fromVersions: '', clashing: false, inMinimalConflict: false });

describe('layoutFacts', () => {
  const facts: ConflictFacts = {
    nodes: [node('<root>', 'root'), node('a'), node('b'), node('c')],
    edges: [edge('<root>', 'a'), edge('<root>', 'b'), edge('a', 'c'), edge('b', 'c'), edge('a', 'missing')],
  };
  const placed = layoutFacts(facts);
  const y = (id: string) => placed.nodes.find((n) => n.fact.id === id)!.y;

  it('puts requirers above what they require', () => {
    expect(y('<root>')).toBeLessThan(y('a'));
    expect(y('a')).toBeLessThan(y('c'));
    expect(y('b')).toBeLessThan(y('c'));
  });

  it('drops edges to nodes it does not have', () => {
    expect(placed.edges).toHaveLength(4);
  });

  it('keeps the labels of two requirements between the same packages apart', () => {
    const twice: ConflictFacts = { nodes: [node('typer'), node('click')], edges: [edge('typer', 'click'), { ...edge('typer', 'click'), label: 'click<7.2,>=7.1.1' }] };
    const [first, second] = layoutFacts(twice).edges;
    const apart = Math.hypot(first!.labelDx - second!.labelDx, first!.labelDy - second!.labelDy);
    expect(apart).toBeGreaterThan(20);
  });

  it('sizes a node by its longest line', () => {
    expect(nodeSize({ ...node('x'), label: 'a-much-longer-label' }).width).toBeGreaterThan(nodeSize(node('x')).width);
  });
});
