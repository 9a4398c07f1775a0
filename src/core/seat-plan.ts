/**
 * A seat plan as the seat comparison uses it (src/core/seats.ts): its term chosen, its price and
 * what a seat includes known. Built from the seat catalogue and the command's flags by
 * src/load/seats.ts.
 */
import type { SeatTerm } from '../schema/seats.js';

/** What a seat includes, with every amount known. */
export type ResolvedUsage =
  | { kind: 'included'; limits: string | null }
  | { kind: 'allowance'; perSeat: number; pooled: boolean; tokenFeePerMillion: number }
  | { kind: 'metered'; tokenFeePerMillion: number };

/** A seat plan with the term chosen and its price known. */
export interface ResolvedPlan {
  id: string;
  vendor: string;
  product: string;
  term: SeatTerm;
  pricePerSeatMonth: number;
  minSeats: number;
  usage: ResolvedUsage;
  asOf: string;
  source: string;
  sourceKind: 'vendor' | 'secondary';
  currency: string;
  /** True when --seat-price replaced the catalogue price. */
  priceOverridden: boolean;
  /** True when --allowance replaced (or supplied) the allowance per seat. */
  allowanceOverridden: boolean;
}

export interface Audience {
  /** Share of users active in a month, in (0, 1]. */
  activeShare: number;
  /** Segments of the active users (shares sum to 1), or null for one group at the scenario's mean usage. */
  segments: { name: string; share: number; requestsPerUserPerDay: number }[] | null;
  /** Line items paid under the plan too. */
  keep: string[];
}
