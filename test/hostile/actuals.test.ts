/**
 * Hostile usage exports for `aifinops actuals import`. These fail while the files are read and
 * checked, before the DuckDB engine loads (it cannot map its library under the harness's 1 GiB
 * address-space limit; that case is named as "does not load", also exit 2).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { describeHostile } from './harness.js';

const page = (result: Record<string, unknown>) =>
  JSON.stringify({ object: 'page', data: [{ object: 'bucket', start_time: 1748736000, end_time: 1748822400, results: [{ object: 'organization.usage.completions.result', input_tokens: 10, output_tokens: 5, num_model_requests: 1, ...result }] }], has_more: false, next_page: null });
/** A FIFO with no writer: opening it for reading the ordinary way would wait forever. */
const FIFO = join(mkdtempSync(join(tmpdir(), 'aifinops-hostile-fifo-')), 'p.csv');
execFileSync('mkfifo', [FIFO]);
const noStore = (dir: string) => expect(existsSync(join(dir, '.aifinops', 'actuals.duckdb'))).toBe(false);

describeHostile('actuals import', [
  { name: 'a token count past 10^15 is refused, not summed to Infinity', files: { 'u.json': page({ output_tokens: 1e300 }) }, args: ['actuals', 'import', 'u.json'], stderr: ['u.json', 'data[0].results[0].output_tokens', 'whole number'], after: noStore },
  { name: 'a fractional request count is refused', files: { 'u.json': page({ num_model_requests: 0.5 }) }, args: ['actuals', 'import', 'u.json'], stderr: ['num_model_requests'], after: noStore },
  { name: 'cached tokens above the input total are refused', files: { 'u.json': page({ input_cached_tokens: 11 }) }, args: ['actuals', 'import', 'u.json'], stderr: ['input_cached_tokens', 'exceed input_tokens'], after: noStore },
  { name: 'deeply nested JSON does not crash the parser', files: { 'u.json': '['.repeat(200_000) }, args: ['actuals', 'import', 'u.json'], stderr: ['u.json', 'not valid JSON'], after: noStore },
  { name: 'terminal escapes in a field are escaped in the message', files: { 't.json': JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: '\u001b[31mred\u001b[0m', spanId: 'x' }] }] }] }) }, args: ['actuals', 'import', 't.json'], stderr: ['traceId', '\\u001b'], notStderr: ['\u001b'], after: noStore },
  { name: 'a bucket time in milliseconds (not seconds) is refused', files: { 'u.json': page({}).replace('1748736000', '1748736000000') }, args: ['actuals', 'import', 'u.json'], stderr: ['data[0].start_time', 'Unix time in seconds'], after: noStore },
  { name: 'two formats in one JSON list are refused', files: { 'm.json': `[${page({})}, {"resourceSpans": []}]` }, args: ['actuals', 'import', 'm.json'], stderr: ['m.json', 'mixes'], after: noStore },
  { name: 'a folder given as an export is refused', files: { 'd/x': '' }, args: ['actuals', 'import', 'd'], stderr: ['d: is a folder, expected a file'], after: noStore },
  { name: 'a FIFO given as an export is refused at once (no wait for a writer)', args: ['actuals', 'import', FIFO], stderr: ['p.csv', 'FIFO', 'not a regular file'], after: noStore, timeoutMs: 10_000 },
  { name: 'a byte that is not UTF-8 in the header is named by its offset', files: { 'x.csv': Buffer.from('request_id,startTime,model,prompt_tokens,completion_tokens,spend\nr\xff1,2025-06-01T00:00:00Z,gpt-5,1,1,0\n', 'latin1') }, args: ['actuals', 'import', 'x.csv'], stderr: ['x.csv:2', 'not valid UTF-8: byte 0xff at byte offset 66'], after: noStore },
  { name: 'a CSV of no known format names its header', files: { 'x.csv': 'a,b,c\n1,2,3\n' }, args: ['actuals', 'import', 'x.csv'], stderr: ['x.csv:1', 'not a format aifinops reads'], after: noStore },
  { name: 'a bad --from is refused before the store is opened', args: ['actuals', 'report', '--from', '2025-02-30x'], stderr: ['--from', 'YYYY-MM-DD'] },
  { name: 'a table name with SQL in it is refused', args: ['actuals', 'sql', '--table', 'logs; DROP TABLE x'], stderr: ['--table'] },
]);
