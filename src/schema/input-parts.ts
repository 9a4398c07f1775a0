/**
 * The input parts of a call, in the order they are summed (spec §3: I = system + tools + context +
 * history + user). Apart from the scenario schema (which re-exports them) so that code naming them
 * (the cost engine, the overflow check) does not build that schema at start-up: `pricing` and
 * `tokens` never parse a scenario.
 */
export const INPUT_PARTS = ['system', 'tools', 'context', 'history', 'user'] as const;
export type InputPart = (typeof INPUT_PARTS)[number];
