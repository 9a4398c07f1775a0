/**
 * `validate` of an unchanged bundled token, GPU or seat-plan catalogue takes the build's validated
 * copy (dist/catalogues.json, breakeven-catalogues.json, seat-catalogue.json) instead of parsing
 * the YAML: the same result, and only for exactly the text the build validated.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateFile } from '../../src/commands/validate.js';
import { bundledCatalogueWithText, packageRoot } from '../../src/load/catalogues.js';
import { kindById, validateUnchangedBundledCatalogue } from '../../src/load/kinds.js';
import { parseYamlText } from '../../src/load/yaml.js';

const dir = join(packageRoot(), 'pricing');
const tokenCatalogues = readdirSync(dir).filter((f) => f.endsWith('.yaml') && /^models:/m.test(readFileSync(join(dir, f), 'utf8')));

describe('validate of an unchanged bundled catalogue', () => {
  it('the build snapshot covers every bundled token catalogue (npm run build first)', () => {
    expect(tokenCatalogues.length).toBeGreaterThanOrEqual(7);
    for (const f of tokenCatalogues) expect(bundledCatalogueWithText(join(dir, f), readFileSync(join(dir, f), 'utf8')), f).toBeDefined();
  });

  it('gives exactly what parsing and validating the YAML gives', () => {
    const catalogue = kindById('catalogue')!;
    for (const f of tokenCatalogues) {
      const abs = join(dir, f);
      const text = readFileSync(abs, 'utf8');
      const parsed = catalogue.validate(abs, parseYamlText(text, `pricing/${f}`), {});
      expect(validateUnchangedBundledCatalogue(abs, text, undefined), f).toEqual({ kind: 'catalogue', ...parsed });
      const r = validateFile(abs, undefined);
      expect(r.ok).toBe(true);
      expect(r.kind).toBe('catalogue');
      expect({ summary: r.summary, warnings: r.warnings }).toEqual(parsed);
    }
  });

  it('the GPU and seat-plan catalogues too, with the same result as parsing them', () => {
    for (const [f, kind] of [['gpus.yaml', 'gpus'], ['seats.yaml', 'seat-plans']] as const) {
      const abs = join(dir, f);
      const text = readFileSync(abs, 'utf8');
      const parsed = kindById(kind)!.validate(abs, parseYamlText(text, `pricing/${f}`), {});
      expect(validateUnchangedBundledCatalogue(abs, text, undefined), f).toEqual({ kind, ...parsed });
      expect(validateUnchangedBundledCatalogue(abs, text, kindById(kind)), f).toEqual({ kind, ...parsed });
      expect(validateUnchangedBundledCatalogue(abs, `${text}\n`, undefined), f).toBeUndefined();
      expect(validateUnchangedBundledCatalogue(abs, text, kindById('catalogue')), f).toBeUndefined();
      const r = validateFile(abs, undefined);
      expect({ ok: r.ok, kind: r.kind, summary: r.summary, warnings: r.warnings }).toEqual({ ok: true, kind, ...parsed });
    }
    // deployments are checked against the GPU catalogues of the run (--gpus): always parsed
    const dep = join(dir, 'deployments.yaml');
    expect(validateUnchangedBundledCatalogue(dep, readFileSync(dep, 'utf8'), undefined)).toBeUndefined();
  });

  it('not for a changed text, another path, another kind, or a $schema line naming another kind', () => {
    const abs = join(dir, 'openai.yaml');
    const text = readFileSync(abs, 'utf8');
    expect(bundledCatalogueWithText(abs, `${text} `)).toBeUndefined();
    expect(bundledCatalogueWithText(abs, text.slice(0, -1))).toBeUndefined();
    expect(bundledCatalogueWithText(join(dir, 'anthropic.yaml'), text)).toBeUndefined();
    expect(bundledCatalogueWithText(join(packageRoot(), 'test/openai.yaml'), text)).toBeUndefined();
    expect(validateUnchangedBundledCatalogue(abs, text, kindById('scenario'))).toBeUndefined();
    expect(validateUnchangedBundledCatalogue(abs, text, kindById('catalogue'))).toBeDefined();
    expect(validateUnchangedBundledCatalogue(abs, `# yaml-language-server: $schema=../schemas/quote.schema.json\n${text}`, undefined)).toBeUndefined();
  });
});
