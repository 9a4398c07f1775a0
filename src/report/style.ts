/** The what-if page's stylesheet: light and dark (prefers-color-scheme), visible focus, and a print layout. */
export const REPORT_CSS = `
:root{--bg:#fff;--fg:#1b1f24;--mute:#57606a;--line:#d0d7de;--card:#f6f8fa;--accent:#0a58ca;--curve:#0a58ca;--ok:#1a7f37;--alert:#9a6700;--over:#cf222e;--focus:#bf3989}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--mute:#9da7b3;--line:#30363d;--card:#161b22;--accent:#58a6ff;--curve:#58a6ff;--ok:#3fb950;--alert:#d29922;--over:#f85149;--focus:#f778ba}}
*{box-sizing:border-box}
body{margin:0;padding:1rem 1.25rem;background:var(--bg);color:var(--fg);font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.15rem;margin:.2rem 0 .6rem}h3{font-size:1rem;margin:1.2rem 0 .4rem}
.sub,.note,.unit{color:var(--mute)}.sub{margin:.2rem 0 1rem}
main{display:grid;grid-template-columns:minmax(280px,340px) minmax(0,1fr);gap:1.5rem;align-items:start}
main>section{min-width:0}
@media (max-width:820px){main{grid-template-columns:1fr}}
fieldset{border:1px solid var(--line);border-radius:6px;margin:0 0 .8rem;padding:.4rem .7rem .6rem}
legend{font-weight:600;padding:0 .3rem}
.ctl{display:grid;grid-template-columns:1fr 7.5rem;gap:.15rem .5rem;align-items:center;margin:.35rem 0}
.ctl label{grid-column:1/3;font-size:.9rem}
.ctl input[type=number],.ctl select{grid-column:1;width:100%;font:inherit;padding:.2rem .35rem;border:1px solid var(--line);border-radius:4px;background:var(--bg);color:var(--fg)}
.ctl select{grid-column:1/3}
.ctl .unit{grid-column:2;font-size:.8rem}
.ctl input[type=range]{grid-column:1/3;width:100%;accent-color:var(--accent)}
input[aria-invalid=true]{border-color:var(--over);outline:2px solid var(--over)}
button{font:inherit;padding:.35rem .8rem;border:1px solid var(--line);border-radius:6px;background:var(--card);color:var(--fg);cursor:pointer}
button:hover{border-color:var(--accent)}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.buttons{margin:.4rem 0 .8rem}
.total{margin:.2rem 0}.figure{font-size:2.2rem;font-weight:700}.per{color:var(--mute)}
.kpis{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;margin:.3rem 0}.kpis dt{font-size:.8rem;color:var(--mute)}.kpis dd{margin:0;font-weight:600}
.budget{font-weight:600;margin:.4rem 0}.budget.ok{color:var(--ok)}.budget.alert{color:var(--alert)}.budget.over{color:var(--over)}.budget.none{color:var(--mute)}
.status{color:var(--over);min-height:1.2em;margin:.2rem 0}
.note-box{border-left:3px solid var(--alert);background:var(--card);padding:.4rem .7rem;margin:.4rem 0;font-size:.9rem}
table{border-collapse:collapse;width:100%;font-size:.88rem}
th,td{border-bottom:1px solid var(--line);padding:.25rem .4rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:var(--card)}.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
pre{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:.5rem .7rem;white-space:pre-wrap;word-break:break-all;margin:.3rem 0}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85rem}
figure{margin:0}svg.chart{width:100%;height:auto;max-width:760px}
svg .grid{stroke:var(--line);stroke-width:1}svg .tick,svg .axis{fill:var(--mute);font-size:11px}svg .axis{font-size:12px}
svg .curve{fill:none;stroke:var(--curve);stroke-width:2.5}svg .now{fill:var(--curve);stroke:var(--bg);stroke-width:2}
svg .budget{stroke:var(--over);stroke-dasharray:6 4;stroke-width:1.5}
ul#warnings{padding-left:1.2rem;margin:.2rem 0}
[hidden]{display:none!important}
.sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
@media print{body{background:#fff;color:#000;padding:0;font-size:10pt}main{display:flex;flex-direction:column;gap:.5rem}
section.results{order:-1}section.controls{break-before:page}
input[type=range],.buttons,#view-row,noscript,.unit{display:none}
fieldset{break-inside:avoid;padding:.2rem .5rem}.ctl{display:flex;justify-content:space-between;gap:1rem;margin:0;border-bottom:1px dotted #ccc}
.ctl input[type=number],.ctl select{border:none;padding:0;appearance:none;width:auto;text-align:right;background:none;color:#000}
table,figure{break-inside:avoid}svg .curve{stroke:#000}a{color:#000}}
`;
