/** Hostile input to `aifinops report` (docs/report.md, "Security of the embedded data"). */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { describeHostile } from './harness.js';

const ok = 'version: 1\nname: t\ntraffic: { requests_per_day: 100 }\npipeline:\n  - name: a\n    model: gpt-5.4-mini\n    input: { user: 100 }\n    output: 10\n';
const evil = '</script><script>alert(1)</script><!--';
/** The page's script elements: exactly the data block and the engine. */
const scripts = (html: string) => html.match(/<script/gi)?.length ?? 0;

describeHostile('report', [
  {
    name: 'a page over its own scenario is refused and the scenario kept',
    files: { 's.yaml': ok },
    args: ['report', 's.yaml', '-o', 's.yaml'],
    stderr: 's.yaml',
    after: (dir) => expect(readFileSync(join(dir, 's.yaml'), 'utf8')).toBe(ok),
  },
  {
    name: 'a page over a prompt file the scenario reads is refused',
    files: { 's.yaml': ok.replace('input: { user: 100 }', 'input: { user: 100, system: { file: p.txt } }'), 'p.txt': 'You are helpful.' },
    args: ['report', 's.yaml', '-o', 'p.txt'],
    stderr: 'p.txt',
    after: (dir) => expect(readFileSync(join(dir, 'p.txt'), 'utf8')).toBe('You are helpful.'),
  },
  {
    name: 'markup in the scenario name, a stage name and a tag stays text',
    files: { 's.yaml': ok.replace('name: t', `name: "${evil}"\ntags: { team: "${evil}" }`).replace('- name: a', `- name: "a${evil}"`) },
    args: ['report', 's.yaml', '-o', 'page.html'],
    code: 0,
    stderr: '',
    after: (dir) => {
      const html = readFileSync(join(dir, 'page.html'), 'utf8');
      expect(scripts(html)).toBe(2);
      expect(html).not.toContain('<script>alert(1)');
      expect(html).toContain('default-src &#39;none&#39;');
    },
  },
  {
    name: 'a bad --set writes no page',
    files: { 's.yaml': ok },
    args: ['report', 's.yaml', '--set', 'pipeline.b.output=1', '-o', 'page.html'],
    stderr: ['pipeline.b'],
    after: (dir) => expect(existsSync(join(dir, 'page.html'))).toBe(false),
  },
]);
