/**
 * Versions of the JSON that `validate` and `pricing list | show | diff` write (docs/report-json.md).
 * Each output starts with `schema_version`; fields are only ever added within a version.
 */
export const VALIDATE_SCHEMA_VERSION = 1;
export const PRICING_SCHEMA_VERSION = 1;
