/** The scenario's keys at a path from the walk table equal the zod schema's, on every path the table holds. */
import { describe, expect, it } from 'vitest';
import type { Segment } from '../../src/core/paths.js';
import type { WalkNode } from '../../src/load/distribution-schema.js';
import { scenarioWalkTable } from '../../src/load/distribution-table.js';
import { keysFromSchema } from '../../src/load/issues.js';
import { scenarioKeysFromTable } from '../../src/load/scenario-keys.js';
import { scenarioSchema } from '../../src/schema/scenario.js';

/** Every path down the table (a list's element as index 0, a record's value under a made-up key). */
function paths(node: WalkNode, path: Segment[], out: Segment[][]): Segment[][] {
  out.push(path);
  if (typeof node !== 'object' || Array.isArray(node) || path.length > 12) return out;
  if ('o' in node) for (const [k, v] of Object.entries(node.o)) paths(v, [...path, k], out);
  else if ('a' in node) paths(node.a, [...path, 0], out);
  else if ('r' in node) paths(node.r, [...path, 'some-key'], out);
  else for (const option of node.u) paths(option, path, out);
  return out;
}

describe('scenario keys from the walk table', () => {
  const fromSchema = keysFromSchema(scenarioSchema);
  const all = paths(scenarioWalkTable(), [], []);
  it(`equal keysFromSchema(scenarioSchema) on all ${''}paths the table holds, and on paths it does not`, () => {
    expect(all.length).toBeGreaterThan(200);
    let unheld = 0;
    for (const p of [...all, ['nosuch'], ['pipeline', 0, 'nosuch', 'x'], ['traffic', 'requests_per_day', 'x'], ['tags', 'team']]) {
      const keys = scenarioKeysFromTable(p);
      if (keys !== null) expect(keys, p.join('.')).toEqual(fromSchema(p));
      else unheld++;
    }
    // the paths the table leaves to the schema: inside the input parts that take prompt references
    expect(unheld).toBeGreaterThan(0);
    expect(scenarioKeysFromTable(['pipeline', 0, 'input', 'system'])).toBeNull();
    expect(scenarioKeysFromTable(['pipeline', 0, 'input'])).toEqual(fromSchema(['pipeline', 0, 'input']));
  });
});
