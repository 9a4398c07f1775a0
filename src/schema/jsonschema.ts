/**
 * JSON Schema for editors, generated from the zod schemas (the single source of truth).
 *
 * Draft-07, because that is what the VS Code YAML extension (yaml-language-server) validates.
 * The input side of each schema (`io: 'input'`) is what a user writes: rates as numbers in [0, 1]
 * or percent strings, dates as YYYY-MM-DD. Rules zod checks after parsing that JSON Schema can
 * express (traffic given one way, `model` or `models`) are added as `oneOf`, so the editor flags
 * them as you type; the loader still checks everything (`aifinops validate`).
 * Pure: no fs.
 */
import * as z from 'zod';
import { isoDate, nonNegativeOrPercent, rate } from './common.js';

// zod's settings for every schema (jitless: each runs once per process), set when zod/mini is loaded
// too (schema/zod.ts): a classic schema may parse before any mini schema is built
z.config({ jitless: true });

export type JsonSchema = Record<string, unknown>;

/** A file format with a JSON Schema. */
export interface SchemaSource {
  /** Kind id, e.g. `scenario`; the file is `schemas/<id>.schema.json`. */
  id: string;
  title: string;
  description: string;
  schema: z.core.$ZodType;
  /** Dotted property path (`[]` for list items and `*` for mapping values) → hover text. */
  descriptions?: Record<string, string>;
  /** Extra JSON Schema keywords merged at a dotted path, e.g. `oneOf` for exclusive keys. */
  extra?: Record<string, JsonSchema>;
  /** A last change to the generated schema (the scenario's: numbers that may be distributions). */
  finish?: (schema: JsonSchema) => void;
}

/** A percent string between 0% and 100% (leading zeros and spaces allowed, as the loader allows). */
const PERCENT_0_100 = '^\\s*0*(?:100(?:\\.0+)?|\\d{1,2}(?:\\.\\d+)?)\\s*%\\s*$';
const PERCENT_ANY = '^\\s*\\d+(?:\\.\\d+)?\\s*%\\s*$';
const DATE = '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$';

const RATE_JSON: JsonSchema = {
  anyOf: [
    { type: 'number', minimum: 0, maximum: 1 },
    { type: 'string', pattern: PERCENT_0_100 },
  ],
};
const NON_NEGATIVE_OR_PERCENT_JSON: JsonSchema = {
  anyOf: [
    { type: 'number', minimum: 0 },
    { type: 'string', pattern: PERCENT_ANY },
  ],
};
const DATE_JSON: JsonSchema = { type: 'string', pattern: DATE };

function replace(target: Record<string, unknown>, next: JsonSchema): void {
  for (const k of Object.keys(target)) delete target[k];
  Object.assign(target, structuredClone(next));
}

export function toJsonSchema(src: SchemaSource): JsonSchema {
  const generated = z.toJSONSchema(src.schema, {
    target: 'draft-07',
    io: 'input',
    reused: 'inline',
    unrepresentable: (ctx) => (ctx.zodSchema._zod.def.type === 'date' ? DATE_JSON : 'throw'),
    override: (ctx) => {
      const s = ctx.zodSchema as unknown;
      const json = ctx.jsonSchema as Record<string, unknown>;
      if (s === rate()) replace(json, RATE_JSON);
      else if (s === nonNegativeOrPercent()) replace(json, NON_NEGATIVE_OR_PERCENT_JSON);
      else if (s === isoDate()) replace(json, DATE_JSON);
      // z.int() adds the safe-integer bounds; they are noise in an editor
      if (json.maximum === Number.MAX_SAFE_INTEGER) delete json.maximum;
      if (json.minimum === Number.MIN_SAFE_INTEGER) delete json.minimum;
    },
  }) as JsonSchema;
  const { $schema, ...rest } = generated;
  const out: JsonSchema = {
    $schema,
    title: src.title,
    description: src.description,
    ...rest,
  };
  for (const [path, text] of Object.entries(src.descriptions ?? {})) {
    const node = at(out, path);
    if (!node) throw new Error(`jsonschema: no property at "${path}" in the ${src.id} schema`);
    node.description = text;
  }
  for (const [path, extra] of Object.entries(src.extra ?? {})) {
    const node = at(out, path);
    if (!node) throw new Error(`jsonschema: no property at "${path}" in the ${src.id} schema`);
    Object.assign(node, structuredClone(extra));
  }
  src.finish?.(out);
  return out;
}

/** The schema node at a dotted path: `a.b` properties, `[]` list items, `*` mapping values. */
function at(root: JsonSchema, path: string): JsonSchema | undefined {
  let node: JsonSchema | undefined = root;
  if (path === '') return node;
  for (const raw of path.split('.')) {
    const parts = raw.split('[]');
    for (let i = 0; i < parts.length; i++) {
      const key = parts[i]!;
      if (key === '*') node = recordBranch(node)?.additionalProperties as JsonSchema | undefined;
      else if (key !== '') node = objectBranch(node)?.properties?.[key];
      if (i < parts.length - 1) node = arrayBranch(node)?.items as JsonSchema | undefined;
      if (!node) return undefined;
    }
  }
  return node;
}

type Obj = JsonSchema & { properties?: Record<string, JsonSchema> };

/** The object branch of a node that may be an `anyOf` (e.g. `models`: a mapping or a list). */
function objectBranch(node: JsonSchema | undefined): Obj | undefined {
  if (!node) return undefined;
  if (node.properties) return node as Obj;
  const any = node.anyOf as JsonSchema[] | undefined;
  return any?.find((b) => b.properties) as Obj | undefined;
}

function recordBranch(node: JsonSchema | undefined): JsonSchema | undefined {
  if (!node) return undefined;
  if (node.additionalProperties && typeof node.additionalProperties === 'object') return node;
  const any = node.anyOf as JsonSchema[] | undefined;
  return any?.find((b) => b.additionalProperties && typeof b.additionalProperties === 'object');
}

function arrayBranch(node: JsonSchema | undefined): JsonSchema | undefined {
  if (!node) return undefined;
  if (node.items) return node;
  const any = node.anyOf as JsonSchema[] | undefined;
  return any?.find((b) => b.items);
}

/** Stable, diff-friendly text of a schema file. */
export function jsonSchemaText(schema: JsonSchema): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}
