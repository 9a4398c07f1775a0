/** The project file `aifinops.yaml` (docs/project-file.md). Shape only; meaning lives in load/project.ts. */
import * as z from 'zod';
import { currency, positive } from './common.js';

export const PROJECT_FILE_NAMES = ['aifinops.yaml', 'aifinops.yml'] as const;

const threshold = z.union([z.number(), z.string()], { error: 'expected a percent like "10%" or an amount like 500' });

export const projectSchema = z.strictObject({
  version: z.literal(1, { error: 'expected version: 1' }),
  /** Globs of scenario files, relative to the project file's folder. */
  scenarios: z
    .array(z.string({ error: 'expected a glob such as "scenarios/**/*.yaml"' }).min(1), { error: 'expected a list of globs such as ["scenarios/**/*.yaml"]' })
    .min(1, { error: 'expected at least one glob' })
    .optional(),
  /** Globs of files to leave out (drafts, fixtures). */
  exclude: z.array(z.string().min(1), { error: 'expected a list of globs' }).optional(),
  /** Currency of the amounts below (default USD). */
  currency: z.optional(currency),
  /** Default policies for `aifinops diff` (flags override them). */
  thresholds: z
    .strictObject({
      fail_on_increase: z.union([threshold, z.array(threshold)], { error: 'expected a percent like "10%", an amount like 500, or a list of them' }).optional(),
      /** When a scenario's budget fails the diff: change (default; true is the same), always, never (false is the same). */
      fail_on_budget_over: z.union([z.boolean(), z.enum(['change', 'always', 'never'])], { error: 'expected change, always or never (or true = change, false = never)' }).optional(),
    })
    .optional(),
  /** Monthly budgets per tag: { <tag key>: { <tag value>: amount } }. */
  budgets: z
    .record(z.string().min(1), z.record(z.string().min(1), positive, { error: 'expected { <tag value>: <monthly amount> }' }), {
      error: 'expected { <tag key>: { <tag value>: <monthly amount> } }',
    })
    .optional(),
});

export type ProjectParsed = z.output<typeof projectSchema>;
