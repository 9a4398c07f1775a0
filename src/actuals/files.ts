/**
 * Untrusted input files, through the shared reader (src/util/read.ts): regular files only (checked
 * again once opened), size-limited, noted as inputs. JSON exports are read whole as UTF-8 text;
 * tables are checked and their first bytes read, then DuckDB reads them itself (a CSV's later
 * bytes are checked as UTF-8 by DuckDB, which names the line; Parquet is binary). Format detection
 * from the first bytes and the header or JSON shape.
 */
import { InputError } from '../errors.js';
import { assertUtf8File, decodeUtf8Head, inspectFile, readTextFile } from '../util/read.js';
import { sniffApiPage } from './parse-api.js';
import { sniffOtlp } from './parse-otlp.js';
import { fail, isObject } from './fields.js';
import { SOURCE_LABEL, type Source } from './rows.js';
import { sniffHeader, type TabularSource } from './tabular.js';

/** JSON exports are parsed in memory: at most this many bytes each. */
export const MAX_JSON_BYTES = 256 * 1024 * 1024;
/** Tables are streamed by DuckDB: at most this many bytes each. */
export const MAX_TABLE_BYTES = 64 * 1024 ** 3;
const HEAD_BYTES = 64 * 1024;

/** A missing or unreadable path, in words (the shared reader leaves these to the caller). */
function unreadable(err: unknown, display: string): never {
  if (err instanceof InputError) throw err;
  const code = (err as NodeJS.ErrnoException).code;
  throw new InputError({ file: display, message: code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? 'error'})` });
}

/** The first CSV record's fields (the header), quotes removed. */
export function csvHeader(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (q) {
      if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (ch === '"') q = false; else cur += ch;
    } else if (ch === '"') q = true;
    else if (ch === ',') { out.push(cur.trim()); cur = ''; } else cur += ch;
  }
  out.push(cur.trim());
  return out;
}

export type Detected =
  | { kind: 'json'; source: Exclude<Source, TabularSource>; docs: { doc: Record<string, unknown>; line: number | undefined; path: string }[] }
  | { kind: 'table'; source: TabularSource; columns: string[]; parquet: boolean };

const KNOWN = (Object.keys(SOURCE_LABEL) as Source[]).map((s) => SOURCE_LABEL[s]).join('; ');

export function detect(path: string, display: string): Detected {
  let size: number;
  let h: Buffer;
  try {
    ({ size, head: h } = inspectFile(path, { display, limit: MAX_TABLE_BYTES, head: HEAD_BYTES }));
  } catch (err) {
    unreadable(err, display);
  }
  if (size === 0) throw new InputError({ file: display, message: 'is empty', fix: `expected one of: ${KNOWN}` });
  if (h.subarray(0, 4).toString('latin1') === 'PAR1') return { kind: 'table', source: 'focus', columns: [], parquet: true };
  const text = decodeUtf8Head(h, h.length === size, display).replace(/^\uFEFF/, '');
  const first = text.trimStart()[0];
  if (first === '{' || first === '[') {
    if (size > MAX_JSON_BYTES) throw new InputError({ file: display, message: `is ${size} bytes; JSON exports are limited to ${MAX_JSON_BYTES} bytes`, fix: 'split the export by month' });
    let whole: string;
    try {
      whole = readTextFile(path, { display, limit: MAX_JSON_BYTES });
    } catch (err) {
      unreadable(err, display);
    }
    return detectJson(whole.replace(/^\uFEFF/, ''), display);
  }
  const nl = text.search(/\r?\n/);
  const columns = csvHeader(nl === -1 ? text : text.slice(0, nl));
  const source = sniffHeader(columns);
  if (!source) {
    throw new InputError({ file: display, line: 1, message: `is not a format aifinops reads (header starts ${JSON.stringify(columns.slice(0, 4).join(',')).slice(0, 60)})`, fix: `expected one of: ${KNOWN}` });
  }
  // DuckDB reads the rest itself; first check every byte is UTF-8 (natively, chunk by chunk) so a bad one is named by its offset
  if (h.length < size) assertUtf8File(path, display);
  return { kind: 'table', source, columns, parquet: false };
}

export function detectJson(text: string, display: string): Detected {
  let docs: { doc: unknown; line: number | undefined; path: string }[];
  try {
    const whole = JSON.parse(text) as unknown;
    docs = Array.isArray(whole) ? whole.map((doc, i) => ({ doc, line: undefined, path: `[${i}]` })) : [{ doc: whole, line: undefined, path: '' }];
  } catch (err) {
    // one document per line (JSON Lines), as the OpenTelemetry collector's file exporter writes
    const lines = text.split('\n');
    if (lines.filter((l) => l.trim() !== '').length < 2) {
      throw new InputError({ file: display, message: `is not valid JSON (${(err as Error).message.slice(0, 80)})`, fix: 'nothing was imported from this file; check that it is the unmodified export' });
    }
    docs = [];
    lines.forEach((l, i) => {
      if (l.trim() === '') return;
      try {
        docs.push({ doc: JSON.parse(l) as unknown, line: i + 1, path: '' });
      } catch (e) {
        throw new InputError({ file: display, line: i + 1, message: `is not valid JSON on this line (${(e as Error).message.slice(0, 80)})`, fix: 'nothing was imported from this file' });
      }
    });
  }
  let source: Exclude<Source, TabularSource> | null = null;
  const out: { doc: Record<string, unknown>; line: number | undefined; path: string }[] = [];
  for (const d of docs) {
    const w = { file: display, line: d.line, path: d.path };
    if (!isObject(d.doc)) fail(w, null, 'expected an API page or an OTLP export (an object)');
    const kind: Source | 'empty-page' | null = sniffOtlp(d.doc) ? 'otlp' : sniffApiPage(d.doc);
    if (kind === null) fail(w, null, 'is not a format aifinops reads', `expected one of: ${KNOWN}`);
    if (kind !== 'empty-page') {
      if (source && source !== kind) fail(w, null, `mixes ${SOURCE_LABEL[source]} and ${SOURCE_LABEL[kind as Source]} in one file`, 'save each export in its own file');
      source = kind as Exclude<Source, TabularSource>;
    }
    out.push({ doc: d.doc, line: d.line, path: d.path });
  }
  // pages with no results at all: nothing to import, whichever API they came from
  return { kind: 'json', source: source ?? 'openai-usage', docs: out };
}
