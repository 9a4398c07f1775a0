/**
 * JSON Schema for distributions (docs/uncertainty.md): in the scenario schema, every number that
 * may be uncertain also accepts `{ p50, p90 }`, `{ min, mode, max }`, `{ mean, sd }` or
 * `{ low, high }`, so editors accept what the loader accepts. The loader still checks the
 * parameters against the field's range (`aifinops validate`). Pure.
 */
import { uncertainRole } from '../core/montecarlo.js';
import type { Segment } from '../core/paths.js';

type JsonSchema = Record<string, unknown>;

const PARAM: JsonSchema = { anyOf: [{ type: 'number' }, { type: 'string', pattern: '^\\s*-?\\d+(?:\\.\\d+)?\\s*%\\s*$' }] };
const kind = (description: string, keys: string[]): JsonSchema => ({
  type: 'object',
  description,
  properties: Object.fromEntries(keys.map((k) => [k, PARAM])),
  required: keys,
  additionalProperties: false,
});

export const DISTRIBUTION_JSON: JsonSchema = {
  description: 'An uncertain number (docs/uncertainty.md); the estimate uses its mean, the Monte Carlo run samples it.',
  oneOf: [
    kind('log-normal fitted to its median and 90th percentile', ['p50', 'p90']),
    kind('triangular', ['min', 'mode', 'max']),
    kind('normal, truncated to the field\'s valid range', ['mean', 'sd']),
    kind('uniform', ['low', 'high']),
  ],
};

const REF = { $ref: '#/definitions/distribution' };

/** Does this node take a number (directly or as one branch of an anyOf)? */
function takesNumber(node: JsonSchema): boolean {
  if (node.type === 'number' || node.type === 'integer') return true;
  const any = node.anyOf as JsonSchema[] | undefined;
  return Array.isArray(any) && any.some((b) => b.type === 'number' || b.type === 'integer');
}

/**
 * Let every number of a scenario schema that may be a distribution take one (mutates `root`):
 * wraps those nodes in `anyOf: [the number, distribution]` and adds `definitions.distribution`.
 */
export function allowDistributions(root: JsonSchema): void {
  const visit = (node: JsonSchema, data: Segment[], set: (n: JsonSchema) => void): void => {
    if (uncertainRole(data) !== null && takesNumber(node)) {
      const { description, ...rest } = node;
      set({ ...(description === undefined ? {} : { description }), anyOf: [rest, REF] });
      return;
    }
    const props = node.properties as Record<string, JsonSchema> | undefined;
    if (props) for (const k of Object.keys(props)) visit(props[k]!, [...data, k], (n) => (props[k] = n));
    const items = node.items as JsonSchema | undefined;
    if (items && typeof items === 'object' && !Array.isArray(items)) visit(items, [...data, 0], (n) => (node.items = n));
    const extra = node.additionalProperties;
    if (extra && typeof extra === 'object') visit(extra as JsonSchema, [...data, '*'], (n) => (node.additionalProperties = n));
    const any = node.anyOf as JsonSchema[] | undefined;
    if (Array.isArray(any)) any.forEach((b, i) => visit(b, data, (n) => (any[i] = n)));
  };
  visit(root, [], () => undefined);
  root.definitions = { ...(root.definitions as JsonSchema | undefined), distribution: DISTRIBUTION_JSON };
}
