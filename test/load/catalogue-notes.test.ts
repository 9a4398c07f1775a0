/**
 * The build's notes on each bundled token catalogue (dist/catalogue-notes.json, scripts/build.mjs):
 * `validate` of a catalogue whose text is the snapshot's takes its warnings from there instead of
 * running the plausibility checks. They must be what the checks give, and serve only that text.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledCatalogueWithText, packageRoot } from '../../src/load/catalogues.js';
import { bundledNotes, CATALOGUE_NOTES, kindById } from '../../src/load/kinds.js';
import { parseYamlText } from '../../src/load/yaml.js';

const root = packageRoot();
const dir = join(root, 'pricing');
const tokenCatalogues = readdirSync(dir).filter((f) => f.endsWith('.yaml') && /^models:/m.test(readFileSync(join(dir, f), 'utf8')));

describe('the build notes on the bundled token catalogues (npm run build first)', () => {
  it('hold, for every bundled token catalogue, the length of its text and the warnings the checks give on it', () => {
    const notes = (JSON.parse(readFileSync(join(root, CATALOGUE_NOTES), 'utf8')) as { notes: Record<string, { length: number; warnings: string[] }> }).notes;
    expect(tokenCatalogues.length).toBeGreaterThanOrEqual(7);
    expect(Object.keys(notes).sort()).toEqual(tokenCatalogues.map((f) => `pricing/${f}`).sort());
    for (const f of tokenCatalogues) {
      const text = readFileSync(join(dir, f), 'utf8');
      const parsed = kindById('catalogue')!.validate(join(dir, f), parseYamlText(text, `pricing/${f}`), {});
      expect(notes[`pricing/${f}`], f).toEqual({ length: text.length, warnings: parsed.warnings });
    }
  });

  it('serve only the text they were made from (a text of another length gets none: the checks run)', () => {
    for (const f of tokenCatalogues) {
      const text = readFileSync(join(dir, f), 'utf8');
      const c = bundledCatalogueWithText(join(dir, f), text)!;
      expect(bundledNotes(c, text), f).toEqual(kindById('catalogue')!.validate(join(dir, f), parseYamlText(text, f), {}).warnings);
      expect(bundledNotes(c, `${text}\n`), f).toBeUndefined();
      expect(bundledNotes({ ...c, file: 'pricing/not-bundled.yaml' }, text), f).toBeUndefined();
    }
  });
});
