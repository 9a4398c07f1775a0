/**
 * loadScenario changes the data in place (variants, --set, distributions): it copies data it is
 * handed (`yaml`), and works on the data it read itself without a copy. Both give the same
 * scenario, warnings and uncertainty, and handed data is left as it was.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { packageRoot } from '../../src/load/catalogues.js';
import { uncertaintyOf } from '../../src/load/distributions.js';
import { loadScenario, type LoadOptions } from '../../src/load/scenario.js';
import { parseYamlText } from '../../src/load/yaml.js';

const root = packageRoot();
const scenarios = readdirSync(join(root, 'scenarios')).filter((f) => f.endsWith('.yaml')).map((f) => join(root, 'scenarios', f));

const outcome = (f: () => ReturnType<typeof loadScenario>) => {
  try {
    const s = f();
    return { scenario: s, uncertainty: uncertaintyOf(s) };
  } catch (err) {
    if (err instanceof InputError) return { problems: err.problems };
    throw err;
  }
};

describe('loadScenario on the data it read itself', () => {
  it('gives what a load of the same data handed to it gives, and leaves handed data as it was, for every bundled scenario, variant and override', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(10);
    let loads = 0;
    for (const file of scenarios) {
      const text = readFileSync(file, 'utf8');
      const variants = Object.keys((parseYamlText(text, file).data as { variants?: object }).variants ?? {});
      const runs: LoadOptions[] = [{}, ...variants.map((variant) => ({ variant })), { set: ['traffic.days_per_month=21.7'] }, { set: ['pipeline[0].output={ p50: 100, p90: 300 }'] }];
      for (const opts of runs) {
        const handed = parseYamlText(text, file);
        const before = structuredClone(handed.data);
        const own = outcome(() => loadScenario(file, opts));
        const copy = outcome(() => loadScenario(file, { ...opts, yaml: handed }));
        expect(own, `${file} ${JSON.stringify(opts)}`).toEqual(copy);
        expect(handed.data).toEqual(before);
        loads++;
      }
    }
    expect(loads).toBeGreaterThan(30);
  });
});
