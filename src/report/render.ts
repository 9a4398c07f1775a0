/**
 * The what-if page (`aifinops report`, docs/report.md): one HTML file with the embedded data, the
 * browser build of the cost engine and its styles inline. Pure: data in, string out.
 *
 * Scenario files come from pull requests, so everything from them is escaped: text through
 * `escapeHtml`, the data as JSON in a `<script type="application/json">` block with `<`, `>`, `&`
 * and the line separators U+2028/U+2029 written as \u escapes (`scriptJson`). A strict
 * Content-Security-Policy lets the page run its own script and style (by hash) and nothing else:
 * no fetch, no image, no font, no frame, no form target.
 */
import { createHash } from 'node:crypto';
import { escapeHtml } from '../render/html.js';
import type { ReportPayload } from './payload.js';
import { REPORT_CSS } from './style.js';

/** The page may weigh at most this many bytes (docs/report.md); test/report checks every bundled example. */
export const PAGE_BUDGET_BYTES = 400 * 1024;

/** JSON that cannot end a `<script>` block or break a JavaScript string, whatever the data holds. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const sha256 = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** The engine's code, checked to be safe inside an inline `<script>`. */
function inlineScript(js: string): string {
  if (/<\/script|<!--/i.test(js)) throw new Error('the report engine contains "</script" or "<!--" and cannot be inlined');
  return js;
}

export function renderReportPage(p: ReportPayload, engineJs: string): string {
  const first = p.views[0]!.scenario;
  const title = `What-if — ${first.name}`;
  const script = inlineScript(engineJs);
  const csp = `default-src 'none'; script-src ${sha256(script)}; style-src ${sha256(REPORT_CSS)}; img-src 'none'; connect-src 'none'; form-action 'none'; base-uri 'none'`;
  const e = escapeHtml;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${e(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="aifinops ${e(p.tool_version)}">
<meta name="color-scheme" content="light dark">
<title>${e(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header>
<h1>${e(first.name)}</h1>
<p class="sub">What-if view of <code>${e(p.file)}</code>, priced at the catalogue rates in force on <strong>${e(p.priced_as_of)}</strong> (${e(first.currency)}). Made by aifinops ${e(p.tool_version)}; it computes with the same cost engine as <code>aifinops estimate</code>.</p>
</header>
<main>
<section class="controls" aria-labelledby="controls-h">
<h2 id="controls-h">Inputs</h2>
<div class="ctl" id="view-row"><label for="view">Start from</label><select id="view"></select></div>
<div class="buttons"><button type="button" id="reset">Reset to the scenario</button></div>
<div id="controls"></div>
</section>
<section class="results" aria-labelledby="results-h">
<h2 id="results-h">Monthly cost</h2>
<p class="total" aria-live="polite"><span id="total" class="figure">—</span> <span class="per">a month</span></p>
<dl class="kpis">
<div><dt>Per request</dt><dd id="per-request">—</dd></div>
<div><dt>Per user</dt><dd id="per-user">—</dd></div>
<div><dt>Per outcome</dt><dd id="per-outcome">—</dd></div>
<div><dt>Requests a month</dt><dd id="requests">—</dd></div>
</dl>
<p id="budget" class="budget" role="status"></p>
<div id="uncertainty" class="note-box" hidden></div>
<p id="status" class="status" role="alert"></p>
<h3 id="chart-title">Monthly cost</h3>
<figure id="chart" aria-labelledby="chart-title"></figure>
<h3>Reproduce in the CLI</h3>
<pre><code id="flags"></code></pre>
<div class="buttons"><button type="button" id="copy">Copy as --set flags</button></div>
<h3>By stage and model</h3>
<table id="by-stage"></table>
<h3>By category</h3>
<table id="by-category"></table>
<h3>Levers, ranked by saving</h3>
<p class="note">Each lever of <code>aifinops levers</code> with its default assumption, priced alone on the current view.</p>
<table id="levers"></table>
<p id="levers-none" class="note" hidden>No lever saves anything on this view.</p>
<section id="variants-section" aria-labelledby="variants-h">
<h3 id="variants-h">Variants side by side</h3>
<table id="variants"></table>
</section>
<h3>Warnings</h3>
<ul id="warnings"></ul>
<p id="warnings-none" class="note">None.</p>
<h3>Priced by</h3>
<table id="priced-by"></table>
</section>
</main>
<noscript><p>This page computes its figures with a script; open it in a browser with JavaScript enabled, or run <code>${e(p.command)}</code>.</p></noscript>
<script type="application/json" id="aifinops-data">${scriptJson(p)}</script>
<script>${script}</script>
</body>
</html>
`;
}
