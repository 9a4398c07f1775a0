/** Path guard, glob expansion and template placeholders, as units. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diskSource } from '../../src/load/yaml.js';
import { expandBraces, expandGlob, isAbsoluteRef, repoRootFor, resolveInside } from '../../src/tokens/guard.js';
import { templateFixedText } from '../../src/tokens/template.js';
import { tempRepo } from './helpers.js';

describe('repository root', () => {
  it('is the nearest folder with .git (a folder or a worktree file), else the scenario folder', () => {
    const root = tempRepo();
    mkdirSync(join(root, 'a/b'), { recursive: true });
    expect(repoRootFor(join(root, 'a/b/s.yaml'))).toBe(root);
    const wt = tempRepo({}, { git: false });
    writeFileSync(join(wt, '.git'), 'gitdir: /elsewhere/.git/worktrees/x\n');
    expect(repoRootFor(join(wt, 's.yaml'))).toBe(wt);
    expect(repoRootFor('/no/such/place/s.yaml', () => false)).toBe('/no/such/place');
  });
});

describe('resolveInside', () => {
  it('accepts paths inside the root and refuses the rest', () => {
    expect(resolveInside('/r', '/r/s', 'p/a.md')).toEqual({ ok: true, abs: '/r/s/p/a.md' });
    expect(resolveInside('/r', '/r/s', '../p/a.md')).toEqual({ ok: true, abs: '/r/p/a.md' });
    expect(resolveInside('/r', '/r/s', '../../etc/passwd').ok).toBe(false);
    expect(resolveInside('/r', '/r/s', 'p/../../../x').ok).toBe(false);
    expect(resolveInside('/r', '/r', '..').ok).toBe(false);
    expect(resolveInside('/r', '/r', '../r2/x').ok).toBe(false); // a sibling that shares the prefix
    for (const abs of ['/etc/passwd', 'C:\\x\\y.md', '~/.ssh/id_rsa']) expect(isAbsoluteRef(abs)).toBe(true);
  });
});

describe('globs', () => {
  it('expands braces, nested too', () => {
    expect(expandBraces('p/{a,b}.md')).toEqual(['p/a.md', 'p/b.md']);
    expect(expandBraces('{x,y/{1,2}}.md')).toEqual(['x.md', 'y/1.md', 'y/2.md']);
    expect(expandBraces('no-braces.md')).toEqual(['no-braces.md']);
    expect(expandBraces('{single}.md')).toEqual(['{single}.md']);
  });

  it('matches *, ?, [..] and ** and skips hidden entries', () => {
    const root = tempRepo({ 'p/a1.md': '', 'p/a2.md': '', 'p/b.md': '', 'p/.h.md': '', 'p/d/e/c.md': '', 'p/.git2/x.md': '' });
    const rel = (r: ReturnType<typeof expandGlob>) => (r.ok ? r.files.map((f) => f.slice(root.length + 1)) : r.message);
    expect(rel(expandGlob('p/a?.md', root, root, diskSource))).toEqual(['p/a1.md', 'p/a2.md']);
    expect(rel(expandGlob('p/[!a]*.md', root, root, diskSource))).toEqual(['p/b.md']);
    expect(rel(expandGlob('p/**/*.md', root, root, diskSource))).toEqual(['p/a1.md', 'p/a2.md', 'p/b.md', 'p/d/e/c.md']);
    expect(rel(expandGlob('p/.*.md', root, root, diskSource))).toEqual(['p/.h.md']);
    expect(rel(expandGlob('p/*.txt', root, root, diskSource))).toBe('"p/*.txt" matches no files');
  });
});

describe('templates', () => {
  it('removes jinja/mustache placeholders, tags and comments', () => {
    expect(templateFixedText('Hi {{ name }}{{{raw}}}! {% if x %}yes{% endif %}{# note #}.', 'jinja')).toEqual({ fixed: 'Hi ! yes.', placeholders: 5 });
  });
  it('keeps f-string escapes as literal braces', () => {
    expect(templateFixedText('{a} {{literal}} {b!r:>10}', 'fstring')).toEqual({ fixed: ' {literal} ', placeholders: 2 });
  });
  it('handles $name, ${name} and $$', () => {
    expect(templateFixedText('Pay $$5 to $who for ${thing}.', 'dollar')).toEqual({ fixed: 'Pay $5 to  for .', placeholders: 2 });
  });
});
