/**
 * The distributions pre-pass finds a distribution at every numeric position of a scenario and
 * nowhere else: its walk (one path stack, each schema node read once) against a plain reference
 * walk written here the way the pre-pass walked before (unwrap every node at every value), on the
 * bundled scenarios with distributions put at random numeric positions (fast-check).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Segment } from '../../src/core/paths.js';
import { uncertainRole } from '../../src/core/montecarlo.js';
import { packageRoot } from '../../src/load/catalogues.js';
import { defOf, numericField, unwrap } from '../../src/load/distribution-schema.js';
import { resolveDistributions } from '../../src/load/distributions.js';
import { parseYamlText } from '../../src/load/yaml.js';
import { scenarioSchema } from '../../src/schema/scenario.js';

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every numeric position holding a number, found as the pre-pass walked before this round. */
function numericPositions(data: unknown): Segment[][] {
  const out: Segment[][] = [];
  const visit = (schema: unknown, value: unknown, path: Segment[]): void => {
    if (numericField(schema)) {
      if (typeof value === 'number') out.push(path);
      return;
    }
    const d = defOf(unwrap(schema));
    if (!d) return;
    if (d.type === 'object' && isObj(value)) {
      for (const k of Object.keys(value)) if (d.shape?.[k] !== undefined) visit(d.shape[k], value[k], [...path, k]);
    } else if (d.type === 'record' && isObj(value)) {
      for (const k of Object.keys(value)) visit(d.valueType, value[k], [...path, k]);
    } else if (d.type === 'array' && Array.isArray(value)) {
      value.forEach((el, i) => visit(d.element, el, [...path, i]));
    } else if (d.type === 'union') {
      const want = Array.isArray(value) ? ['array'] : isObj(value) ? ['object', 'record'] : [];
      const option = (d.options ?? []).find((o) => want.includes(defOf(unwrap(o))?.type ?? ''));
      if (option !== undefined) visit(option, value, path);
    }
  };
  visit(scenarioSchema, data, []);
  return out;
}

const at = (data: unknown, path: readonly Segment[]): unknown => path.reduce<unknown>((n, s) => (n as Record<string | number, unknown>)[s], data);
const setAt = (data: unknown, path: readonly Segment[], v: unknown): void => {
  (at(data, path.slice(0, -1)) as Record<string | number, unknown>)[path[path.length - 1]!] = v;
};

const dir = join(packageRoot(), 'scenarios');
const bundled = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => {
    const data = parseYamlText(readFileSync(join(dir, f), 'utf8'), f).data as Record<string, unknown>;
    // numeric positions a distribution may take (the others are refused with a message, tested elsewhere)
    const positions = numericPositions(data).filter((p) => uncertainRole(p) !== null && !p.includes('time_profile') && !p.includes('service_tier'));
    return { f, data, positions };
  })
  .filter((s) => s.positions.length > 0);

describe('the distributions pre-pass walk', () => {
  it('the bundled scenarios offer numeric positions to put distributions at', () => {
    expect(bundled.length).toBeGreaterThanOrEqual(10);
    expect(bundled.reduce((a, s) => a + s.positions.length, 0)).toBeGreaterThan(100);
  });

  it('finds exactly the distributions put at any numeric positions, and puts each point value back in place (property)', () => {
    const src = { file: 'x.yaml', locate: () => undefined };
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: bundled.length - 1 }).chain((i) => fc.tuple(fc.constant(i), fc.subarray(bundled[i]!.positions.map((_, k) => k), { minLength: 1 }))),
        ([i, picks]) => {
          const s = bundled[i]!;
          const raw = structuredClone(s.data);
          const chosen = picks.map((k) => s.positions[k]!);
          for (const p of chosen) {
            const v = at(raw, p) as number;
            setAt(raw, p, { low: v, high: v }); // a constant: its point value is v
          }
          const found = resolveDistributions(raw, src).model.inputs;
          const key = (p: readonly Segment[]) => JSON.stringify(p);
          // the scenario's own distributions, and the ones put here
          const own = resolveDistributions(structuredClone(s.data), src).model.inputs.map((inp) => key(inp.path));
          expect(found.map((inp) => key(inp.path)).sort(), s.f).toEqual([...own, ...chosen.map(key)].sort());
          for (const inp of found) expect(at(raw, inp.path), `${s.f} ${key(inp.path)}`).toBe(inp.point);
          for (const p of chosen) expect(at(raw, p), key(p)).toBe(at(s.data, p));
          expect(chosen.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 200 },
    );
  });
});
