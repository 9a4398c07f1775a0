/**
 * The project file `aifinops.yaml` (docs/project-file.md). Shape only; meaning lives in load/project.ts.
 * zod/mini (see common.ts): `estimate`, `validate`, `compare` and `forecast` read it when run
 * without files, so it is on the estimate path too; built on first use (common.ts `lazily`): a run
 * without a project file never builds it.
 */
import type * as Z from 'zod/mini';
import { z } from './zod.js';
import { currency, lazily, once, positive } from './common.js';

export const PROJECT_FILE_NAMES = ['aifinops.yaml', 'aifinops.yml'] as const;

const nonEmpty = (error?: string) => z.string(error ? { error } : undefined).check(z.minLength(1, error ? { error } : undefined));

export const projectSchema = /* @__PURE__ */ once(() => lazily(() => {
  const threshold = z.union([z.number(), z.string()], { error: 'expected a percent like "10%" or an amount like 500' });
  return z.strictObject({
    version: z.literal(1, { error: 'expected version: 1' }),
    /** Globs of scenario files, relative to the project file's folder. */
    scenarios: z.optional(
      z
        .array(nonEmpty('expected a glob such as "scenarios/**/*.yaml"'), { error: 'expected a list of globs such as ["scenarios/**/*.yaml"]' })
        .check(z.minLength(1, { error: 'expected at least one glob' })),
    ),
    /** Globs of files to leave out (drafts, fixtures). */
    exclude: z.optional(z.array(nonEmpty(), { error: 'expected a list of globs' })),
    /** Currency of the amounts below (default USD). */
    currency: z.optional(currency()),
    /** Default policies for `aifinops diff` (flags override them). */
    thresholds: z.optional(
      z.strictObject({
        fail_on_increase: z.optional(z.union([threshold, z.array(threshold)], { error: 'expected a percent like "10%", an amount like 500, or a list of them' })),
        /** When a scenario's budget fails the diff: change (default; true is the same), always, never (false is the same). */
        fail_on_budget_over: z.optional(z.union([z.boolean(), z.enum(['change', 'always', 'never'])], { error: 'expected change, always or never (or true = change, false = never)' })),
      }),
    ),
    /** Warn when a model's prices were checked more than this many days before the pricing date (default 120; `--max-price-age` overrides). */
    max_price_age_days: z.optional(
      z.number({ error: 'expected a whole number of days, e.g. 120' }).check(
        z.int({ error: 'expected a whole number of days, e.g. 120' }),
        z.gte(0, { error: 'expected a whole number of days ≥ 0' }),
        z.lte(36_500, { error: 'expected at most 36500 days' }),
      ),
    ),
    /** Monthly budgets per tag: { <tag key>: { <tag value>: amount } }. */
    budgets: z.optional(
      z.record(nonEmpty(), z.record(nonEmpty(), positive(), { error: 'expected { <tag value>: <monthly amount> }' }), {
        error: 'expected { <tag key>: { <tag value>: <monthly amount> } }',
      }),
    ),
  });
}));

export type ProjectParsed = Z.output<ReturnType<typeof projectSchema>>;
