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

export interface PlacedEdge {
  readonly fact: FactEdge;
  /** Where the layout put the label, from the middle of the straight line between the two handles. */
  readonly labelDx: number;
  readonly labelDy: number;
}

export interface PlacedGraph {
  readonly nodes: readonly PlacedNode[];
  readonly edges: readonly PlacedEdge[];
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
  const box = (id: string) => graph.node(id) as { x: number; y: number; width: number; height: number };
  return {
    nodes: facts.nodes.map((fact) => {
      const placed = box(fact.id);
      return { fact, x: placed.x - placed.width / 2, y: placed.y - placed.height / 2, width: placed.width, height: placed.height };
    }),
    edges: edges.map((fact, i) => {
      const label = graph.edge({ v: fact.from, w: fact.to, name: `e${i}` }) as { x?: number; y?: number };
      const source = box(fact.from);
      const target = box(fact.to);
      // Handles sit at the bottom of the source and the top of the target.
      const middleX = (source.x + target.x) / 2;
      const middleY = (source.y + source.height / 2 + target.y - target.height / 2) / 2;
      return { fact, labelDx: label.x === undefined ? 0 : label.x - middleX, labelDy: label.y === undefined ? 0 : label.y - middleY };
    }),
  };
}
