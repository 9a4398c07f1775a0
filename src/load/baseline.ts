/**
 * Read a baseline: the JSON report `estimate --format json` wrote (spec §4). Refuses another
 * `schema_version` with a clear message, and locates shape errors (line:column, dotted path).
 */
import { InputError, type Problem } from '../errors.js';
import { REPORT_SCHEMA_VERSION } from '../schema/report.js';
import { reportSchema, type BaselineReport } from '../schema/report-zod.js';
import { displayPath } from './catalogues.js';
import { issuesToProblems } from './issues.js';
import { checkNesting } from './nesting.js';
import { parseYamlText } from './yaml.js';
import { excerpt, quoted } from '../util/excerpt.js';
import { MAX_REPORT_BYTES, readTextFile } from '../util/read.js';

/** Baselines of many scenarios are larger than scenario files; still refuse the absurd. */
export const MAX_JSON_BYTES = MAX_REPORT_BYTES;

const HOW_TO_MAKE = 'make one with `aifinops estimate <scenario…> --format json -o baseline.json`';

/** Read a JSON file (size-limited), with line:column on a syntax error. */
export function readJsonFile(file: string, what: string): { text: string; data: unknown; display: string } {
  const display = displayPath(file);
  let text: string;
  try {
    text = readTextFile(file, { limit: MAX_JSON_BYTES, display });
  } catch (err) {
    if (err instanceof InputError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError({ file: display, message: code === 'ENOENT' ? `${what} not found` : `cannot be read (${code ?? String(err)})` });
  }
  return { text, data: parseJsonText(text, display, what), display };
}

/**
 * JSON.parse with line:column on a syntax error. V8's message quotes the text around the error;
 * that quote is dropped and the offending character shown as a short escaped excerpt instead.
 * Nesting deeper than the YAML limit is refused first (JSON.parse recurses).
 */
export function parseJsonText(text: string, display: string, what: string): unknown {
  checkNesting(text, display);
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    const msg = (err as Error).message;
    const m = /position (\d+)/.exec(msg);
    const pos = m ? lineColumn(text, Number(m[1])) : {};
    const token = /^Unexpected token '([\s\S]{1,2})'/.exec(msg);
    const why = token
      ? `unexpected character ${quoted(token[1]!)}`
      : excerpt(msg.replace(/^JSON\.parse: /, '').replace(/ in JSON( at position \d+.*)?$/, '').replace(/, "[\s\S]*$/, ''), 80);
    throw new InputError({ file: display, ...pos, message: `is not valid JSON (${why})`, fix: `expected ${what}` });
  }
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) { line++; last = i; }
  return { line, column: offset - last };
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Validate parsed JSON as a spec §4 report. `text` is used only to locate errors. */
export function parseReport(data: unknown, text: string, display: string): BaselineReport {
  if (!isObj(data)) throw new InputError({ file: display, line: 1, column: 1, message: 'expected a JSON report object', fix: HOW_TO_MAKE });
  if (data.kind === 'aifinops-diff') {
    throw new InputError({ file: display, message: 'is a diff report (`aifinops diff --format json`), not an estimate report', fix: `a baseline is what estimate writes: ${HOW_TO_MAKE}` });
  }
  if (!('schema_version' in data)) {
    throw new InputError({ file: display, message: 'has no schema_version: it is not an aifinops JSON report', fix: HOW_TO_MAKE });
  }
  const v = data.schema_version;
  if (v !== REPORT_SCHEMA_VERSION) {
    const by = typeof data.tool_version === 'string' ? ` by aifinops ${excerpt(data.tool_version, 40)}` : '';
    throw new InputError({
      file: display,
      path: 'schema_version',
      message: `was written with report schema_version ${typeof v === 'string' ? quoted(v) : excerpt(JSON.stringify(v) ?? String(v))}${by}; this aifinops (${__AIFINOPS_VERSION__}) reads schema_version ${REPORT_SCHEMA_VERSION}`,
      fix: `regenerate the baseline with this version (${HOW_TO_MAKE}), or run the aifinops version that wrote it`,
    });
  }
  const parsed = reportSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    // Only now pay for a positional parse: JSON is YAML, so the YAML reader can locate paths.
    let locate: ((p: readonly (string | number)[]) => { line: number; column: number } | undefined) | undefined;
    try {
      locate = parseYamlText(text, display).locate;
    } catch {
      locate = undefined;
    }
    const problems: Problem[] = issuesToProblems(parsed.error.issues, { file: display, locate: (p) => locate?.(p) }, undefined, [], data);
    throw new InputError(problems.slice(0, 10).map((p) => ({ ...p, fix: p.fix ?? `this does not look like a report estimate wrote; ${HOW_TO_MAKE}` })));
  }
  // estimate writes each scenario (file, name, variant) once: a second one would be counted twice
  const seen = new Map<string, number>();
  parsed.data.scenarios.forEach((sc, i) => {
    const key = JSON.stringify([sc.file, sc.name, sc.variant]);
    const first = seen.get(key);
    if (first !== undefined) {
      throw new InputError({ file: display, path: `scenarios[${i}]`, message: `repeats scenarios[${first}] (the same file, name and variant): it would be counted twice`, fix: `this does not look like a report estimate wrote; ${HOW_TO_MAKE}` });
    }
    seen.set(key, i);
  });
  return parsed.data;
}

export function loadBaseline(file: string): BaselineReport {
  const { text, data, display } = readJsonFile(file, 'a baseline JSON report');
  return parseReport(data, text, display);
}
