/**
 * Places the conflict facts in layers (dagre): you at the top, requirements flowing down,
 * so the clashing edges meet at the package they disagree on.
 */
import { Graph, layout } from '@dagrejs/dagre';
import type { ConflictFacts, FactEdge, FactNode } from '../../../core/index.ts';

export interface PlacedNode {
  readonly fact: FactNode;
  /** Top-left corner. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface PlacedGraph {
  readonly nodes: readonly PlacedNode[];
  readonly edges: readonly FactEdge[];
}

const CHAR_WIDTH = 7.4;
const LINE_HEIGHT = 18;

/** A node's box from its text: the label line, the versions line, one line per problem. */
export function nodeSize(node: FactNode): { width: number; height: number } {
  const lines = [node.label, node.versions, ...node.problems].filter(Boolean);
  const longest = Math.max(...lines.map((l) => l.length), 6);
  return { width: Math.min(320, Math.round(longest * CHAR_WIDTH + 28)), height: lines.length * LINE_HEIGHT + 18 };
}

export function layoutFacts(facts: ConflictFacts): PlacedGraph {
  const graph = new Graph({ multigraph: true });
  graph.setGraph({ rankdir: 'TB', nodesep: 36, ranksep: 70, marginx: 10, marginy: 10 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of facts.nodes) graph.setNode(node.id, nodeSize(node));
  const known = new Set(facts.nodes.map((n) => n.id));
  const edges = facts.edges.filter((e) => known.has(e.from) && known.has(e.to));
  edges.forEach((edge, i) => graph.setEdge(edge.from, edge.to, { width: Math.min(200, edge.label.length * 6), height: 16, labelpos: 'c' }, `e${i}`));
  layout(graph);
  return {
    nodes: facts.nodes.map((fact) => {
      const placed = graph.node(fact.id) as { x: number; y: number; width: number; height: number };
      return { fact, x: placed.x - placed.width / 2, y: placed.y - placed.height / 2, width: placed.width, height: placed.height };
    }),
    edges,
  };
}
