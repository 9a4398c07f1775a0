/** Terminal table for `aifinops tokens`. Pure: report in, string out. */
import { displaySafe } from '../util/excerpt.js';
import type { TokensReport } from '../schema/tokens.js';
import { count, money, unitPrice } from './format.js';
import type { Style } from './style.js';
import { newTable } from './table.js';

const head = (id: string, method: string): string => (method === 'estimated' ? `≈ ${id}` : id);

export function renderTokensTable(r: TokensReport, style: Style): string {
  r = displaySafe(r); // file-supplied names reach no terminal raw (util/excerpt.ts)
  const cols = r.tokenizers;
  // at a terminal's width: bytes go first, then the tokenizers from the right (render/fit.ts)
  const t = newTable(['file', 'bytes', ...cols.map((c) => head(c.id, c.method))], style, undefined, [{ wrap: true }, { drop: 1 }, ...cols.map((_, i) => (i === 0 ? {} : { drop: 1 + cols.length - i }))]);
  for (const f of r.files) t.push([f.file, count(f.bytes), ...cols.map((c) => count(f.tokens[c.id] ?? 0))]);
  if (r.files.length > 1) {
    t.push([style.bold(`total (${r.files.length} files)`), style.bold(count(r.total.bytes)), ...cols.map((c) => style.bold(count(r.total.tokens[c.id] ?? 0)))]);
  }
  const out = [t.toString()];

  if (r.models.length) {
    out.push('', style.bold('One call carrying these tokens as input:'));
    const m = newTable(['model', 'input tokens', 'tokenizer', 'per 1M', 'cost per call', 'from prompt cache'], style, ['left', 'right', 'left', 'right', 'right', 'right'], [
      { wrap: true, models: true }, {}, { wrap: true, drop: 1 }, { drop: 2 }, {}, { drop: 3 },
    ]);
    for (const c of r.models) {
      m.push([
        c.model + (c.long_context ? style.yellow(' (long context)') : ''),
        (c.method === 'estimated' ? '≈ ' : '') + count(c.input_tokens),
        c.tokenizer + (c.method === 'estimated' ? ' (estimate)' : ''),
        unitPrice(c.input_price, c.currency),
        money(c.cost_per_call, c.currency),
        c.cached_cost_per_call === null ? '—' : money(c.cached_cost_per_call, c.currency),
      ]);
    }
    out.push(m.toString());
  }

  const estimated = cols.filter((c) => c.method === 'estimated');
  if (estimated.length) {
    out.push('');
    for (const c of estimated) out.push(style.dim(`≈ ${c.id}: estimated as ${c.encoding} × ${c.ratio} — ${c.basis ?? 'tokenizer not public'} (docs/prompt-files.md)`));
  }
  return `${out.join('\n')}\n`;
}
