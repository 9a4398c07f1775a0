/**
 * The what-if page's renderer (src/report/render.ts): data from a pull request cannot end the
 * data block, inject markup or a script, and the policy allows exactly the page's own script and style.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reportPayload } from '../../src/commands/report.js';
import { renderReportPage, scriptJson } from '../../src/report/render.js';
import { REPORT_CSS } from '../../src/report/style.js';

const ENGINE = 'document.body.dataset.ready="true";';
const EVIL = '</script><script>alert(1)</script><!-- \u2028\u2029 & "quoted" \'single\' <b>';

function hostilePayload() {
  const p = reportPayload('scenarios/rag-support-assistant.yaml', { asOf: '2026-11-23' });
  p.views[0]!.scenario.name = EVIL;
  p.views[0]!.scenario.warnings.push(EVIL);
  p.file = `x${EVIL}.yaml`;
  p.command = `aifinops estimate 'x${EVIL}.yaml'`;
  return p;
}

/** The text of the page's JSON data block. */
const dataBlock = (html: string) => /<script type="application\/json" id="aifinops-data">([\s\S]*?)<\/script>/.exec(html)![1]!;

describe('scriptJson', () => {
  it('writes no <, >, &, U+2028 or U+2029, and parses back to the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string(), (v, s) => {
        for (const value of [v, s, { s, v }]) {
          const text = scriptJson(value);
          expect(text).not.toMatch(/[<>&\u2028\u2029]/);
          expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
        }
      }),
      { numRuns: 300, seed: 7 },
    );
  });
  it('escapes the characters that could end the block', () => {
    expect(scriptJson('</script>')).toBe('"\\u003c/script\\u003e"');
    expect(scriptJson('\u2028\u2029&')).toBe('"\\u2028\\u2029\\u0026"');
  });
});

describe('renderReportPage', () => {
  const html = renderReportPage(hostilePayload(), ENGINE);

  it('has exactly two script elements: the data block and the engine', () => {
    expect(html.match(/<script/gi)).toHaveLength(2);
    expect(html.match(/<\/script/gi)).toHaveLength(2);
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('<b>');
    // the line separators end a line in JavaScript: none in the data or the script (in HTML text they are harmless)
    expect(dataBlock(html)).not.toMatch(/[\u2028\u2029]/);
  });

  it('escapes hostile text in the markup and keeps it intact in the data', () => {
    expect(html).toContain('<h1>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;!-- ');
    expect(html).toContain('&quot;quoted&quot; &#39;single&#39;');
    const data = JSON.parse(dataBlock(html)) as ReturnType<typeof hostilePayload>;
    expect(data.views[0]!.scenario.name).toBe(EVIL);
    expect(data.views[0]!.scenario.warnings).toContain(EVIL);
  });

  it('sets a strict policy: nothing by default, the page’s own script and style by hash, no fetch, no form, no base', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1]!.replace(/&#39;/g, "'");
    const hash = (t: string) => `'sha256-${createHash('sha256').update(t).digest('base64')}'`;
    expect(csp.split('; ')).toEqual([
      "default-src 'none'",
      `script-src ${hash(ENGINE)}`,
      `style-src ${hash(REPORT_CSS)}`,
      "img-src 'none'",
      "connect-src 'none'",
      "form-action 'none'",
      "base-uri 'none'",
    ]);
    expect(html).toContain(`<style>${REPORT_CSS}</style>`);
    expect(html).toContain(`<script>${ENGINE}</script>`);
    expect(html).not.toMatch(/\s(src|href)=/);
    expect(html).not.toMatch(/\sstyle=/);
  });

  it('refuses an engine that could end its own script element', () => {
    expect(() => renderReportPage(hostilePayload(), 'var a="</script>"')).toThrow(/cannot be inlined/);
    expect(() => renderReportPage(hostilePayload(), 'var a="<!--"')).toThrow(/cannot be inlined/);
  });
});
