/** JSON output: stable key order (as the report types declare it), no timestamps, non-finite → null. */
export function renderJson(value: unknown): string {
  return `${JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' ? (Number.isFinite(v) ? (Object.is(v, -0) ? 0 : v) : null) : v), 2)}\n`;
}
