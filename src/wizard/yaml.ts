/** A scenario draft as commented YAML. Pure. */
import { Document, isMap, isPair, isScalar, isSeq, type Node, type Pair } from 'yaml';
import type { ScenarioDraft, Segment } from './build.js';

export interface YamlOptions {
  /** Path of the scenario JSON Schema as seen from the file (for the yaml-language-server line); null = no line. */
  schemaPath: string | null;
  /** Lines for the header comment (after the schema line). */
  header: string[];
  /** Lines for a closing comment (next steps). */
  footer: string[];
}

/** Keys that start a new paragraph in the file. */
const SPACED = new Set(['traffic', 'pipeline', 'costs', 'outcomes', 'budget', 'pricing']);

export function draftToYaml(draft: ScenarioDraft, opts: YamlOptions): string {
  const doc = new Document(draft.data);
  const lines: string[] = [];
  if (opts.schemaPath) lines.push(` yaml-language-server: $schema=${opts.schemaPath}`);
  lines.push(...opts.header.map((l) => ` ${l}`.trimEnd()));
  if (lines.length) doc.commentBefore = lines.join('\n');

  flowShortLists(doc.contents);
  for (const n of draft.notes) {
    const pair = pairAt(doc.contents, n.path);
    if (!pair) throw new Error(`init: no YAML node at ${n.path.join('.')}`);
    if (n.before) (pair.key as Node).commentBefore = ` ${n.before}`;
    if (n.after) {
      const v = pair.value as Node;
      if (isScalar(v) || ((isSeq(v) || isMap(v)) && v.flow)) v.comment = ` ${n.after}`;
      else (pair.key as Node).commentBefore = [(pair.key as Node).commentBefore, ` ${n.after}`].filter(Boolean).join('\n');
    }
  }
  // blank lines between the top-level blocks; short lists (cacheable parts) on one line
  if (isMap(doc.contents)) {
    for (const p of doc.contents.items) {
      const key = isScalar(p.key) ? String(p.key.value) : '';
      if (SPACED.has(key)) (p.key as Node).spaceBefore = true;
    }
  }
  if (opts.footer.length) doc.comment = opts.footer.map((l) => ` ${l}`.trimEnd()).join('\n');
  return doc.toString({ lineWidth: 0, indentSeq: true, flowCollectionPadding: false });
}

function pairAt(root: unknown, path: readonly Segment[]): Pair | undefined {
  let node = root;
  let pair: Pair | undefined;
  for (const seg of path) {
    if (isMap(node)) {
      pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) return undefined;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
      pair = undefined;
    } else return undefined;
  }
  return pair;
}

/** Lists of scalars, and `{ file: path }` prompt references, on one line. */
function flowShortLists(node: unknown): void {
  if (isMap(node)) {
    const only = node.items.length === 1 ? node.items[0] : undefined;
    if (only && isScalar(only.key) && only.key.value === 'file' && isScalar(only.value)) node.flow = true;
    else for (const p of node.items) flowShortLists(p.value);
  }
  else if (isSeq(node)) {
    if (node.items.every((i) => isScalar(i))) node.flow = true;
    else for (const i of node.items) flowShortLists(i);
  }
}
