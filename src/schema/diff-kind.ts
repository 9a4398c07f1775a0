/**
 * The diff report's version and kind (schema/diff-report.ts), apart from its zod schemas: the
 * diff engine (core/diff.ts) names them, and every command reaches that module through the
 * project file's policy (load/project.ts → core/policy.ts), which must not build those schemas.
 */
export const DIFF_SCHEMA_VERSION = 1;
export const DIFF_KIND = 'aifinops-diff';
