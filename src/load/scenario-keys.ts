/**
 * The keys the scenario schema knows at a path (did-you-mean, `--set`, variants), read from the
 * walk table kept as data (load/distribution-table.ts) instead of the zod schema, so an override
 * does not build the schema (validate checks every variant; whatif, sweep and sensitivity apply
 * `--set`). test/load/scenario-keys.test.ts keeps it equal to `keysFromSchema(scenarioSchema)` on
 * every path the table holds.
 */
import type { WalkNode } from './distribution-schema.js';
import { scenarioWalkTable } from './distribution-table.js';

/** The node a union stands for on the way down: its list option, else its mapping option (as keysFromSchema takes the first). */
function through(node: WalkNode): WalkNode {
  return typeof node === 'object' && 'u' in node ? (node.u[0] !== 0 ? node.u[0] : node.u[1]) : node;
}

function keysOf(node: WalkNode): string[] {
  if (typeof node !== 'object' || Array.isArray(node)) return [];
  if ('o' in node) return Object.keys(node.o);
  if (!('u' in node)) return [];
  const keys = new Set<string>();
  for (const option of node.u) {
    const inner = typeof option === 'object' && !Array.isArray(option) && 'a' in option ? option.a : option;
    if (typeof inner === 'object' && !Array.isArray(inner) && 'o' in inner) for (const k of Object.keys(inner.o)) keys.add(k);
  }
  return [...keys];
}

/** A number that may also be written as a mapping (a prompt reference: `{ file: … }`): the table keeps no keys for it. */
const mixed = (node: WalkNode): boolean => Array.isArray(node) && node[6] === 1;

/**
 * The keys at `path`, or null where the table does not hold them (inside a field that takes a
 * number or a mapping, such as an input part that names prompt files): the schema knows those.
 */
export function scenarioKeysFromTable(path: readonly PropertyKey[]): string[] | null {
  let node: WalkNode | undefined = scenarioWalkTable();
  for (const seg of path) {
    const here: WalkNode = through(node);
    if (mixed(here)) return null;
    if (typeof here !== 'object' || Array.isArray(here)) return [];
    if ('o' in here) node = Object.prototype.hasOwnProperty.call(here.o, String(seg)) ? here.o[String(seg)] : undefined;
    else if ('a' in here) node = here.a;
    else if ('r' in here) node = here.r;
    else return [];
    if (node === undefined) return [];
  }
  return mixed(node) ? null : keysOf(node);
}
