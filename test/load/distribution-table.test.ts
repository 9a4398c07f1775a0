/**
 * The distributions pre-pass walks a scenario by a table kept as data (load/distribution-table.ts),
 * not by reading zod's schema nodes at every run: the table must be exactly what the scenario
 * schema gives (load/distribution-schema.ts `walkTable`, which reads the schema as the walk did).
 * After a change to src/schema/scenario.ts, UPDATE_WALK_TABLE=1 rewrites the table.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { walkTable, type WalkNode } from '../../src/load/distribution-schema.js';
import { scenarioWalkTable } from '../../src/load/distribution-table.js';
import { packageRoot } from '../../src/load/catalogues.js';
import { scenarioSchema } from '../../src/schema/scenario.js';

/** Every numeric field's path in a table ('*' a record key, '[]' a list element, '|a' '|o' a union's options). */
function leaves(node: WalkNode, path: string, out: string[]): string[] {
  if (node === 0) return out;
  if (Array.isArray(node)) out.push(path);
  else if ('o' in node) for (const [k, v] of Object.entries(node.o)) leaves(v, `${path}.${k}`, out);
  else if ('r' in node) leaves(node.r, `${path}.*`, out);
  else if ('a' in node) leaves(node.a, `${path}[]`, out);
  else {
    leaves(node.u[0], `${path}|a`, out);
    leaves(node.u[1], `${path}|o`, out);
  }
  return out;
}

describe('the scenario walk table', () => {
  const derived = walkTable(scenarioSchema);

  it('is exactly the table the scenario schema gives', () => {
    if (process.env.UPDATE_WALK_TABLE === '1') {
      const file = join(packageRoot(), 'src/load/distribution-table.ts');
      const text = readFileSync(file, 'utf8');
      writeFileSync(file, text.replace(/^const SCENARIO_WALK_TABLE_JSON = '.*';$/m, `const SCENARIO_WALK_TABLE_JSON = '${JSON.stringify(derived)}';`));
      return;
    }
    expect(scenarioWalkTable(), 'run UPDATE_WALK_TABLE=1 npx vitest run test/load/distribution-table.test.ts').toEqual(derived);
  });

  it('names the numeric fields a reader expects, with their ranges', () => {
    const all = leaves(derived, '', []);
    expect(all).toContain('.traffic.requests_per_day');
    expect(all).toContain('.pipeline[].models|o.*');
    expect(all).toContain('.pipeline[].models|a[].share');
    expect(all).toContain('.pipeline[].input.system');
    expect(all.length).toBeGreaterThan(50);
    const at = (path: (string | number)[]): WalkNode =>
      path.reduce<WalkNode>((n, k) => (k === 0 ? (n as { a: WalkNode }).a : (n as { o: Record<string, WalkNode> }).o[k]!), derived);
    // a rate: [0, 1], percent strings allowed; a token count: mixed with prompt files, up to 1e9
    expect(at(['pipeline', 0, 'retry_rate'])).toEqual([0, 1, 0, 0, 0, 1, 0]);
    expect(at(['pipeline', 0, 'input', 'system'])).toEqual([0, 1e9, 0, 0, 0, 0, 1]);
    expect(at(['pipeline', 0, 'max_retries'])).toEqual([0, 10, 0, 0, 1, 0, 0]);
    // (0, 31]: an open lower bound; a signed range
    expect(at(['traffic', 'days_per_month'])).toEqual([0, 31, 1, 0, 0, 0, 0]);
    expect(at(['traffic', 'time_profile', 'utc_offset'])).toEqual([-12, 14, 0, 0, 0, 0, 0]);
  });
});
