/**
 * Seat-plan catalogues (`pricing/seats.yaml`, then `--plans` files) and the scenario's `seats:`
 * block: validation with located errors, then the resolved plans and audience the core needs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { joinPath, resolvePath } from '../util/read.js';
import { InputError, type Problem } from '../errors.js';
import type { Audience, ResolvedPlan, ResolvedUsage } from '../core/seat-plan.js';
import type { Scenario } from '../core/model.js';
import { SHARE_TOLERANCE } from '../core/model.js';
import { SEAT_TERMS, seatCatalogueSchema, type CataloguedPlan, type SeatCatalogue, type SeatTerm } from '../schema/seats.js';
import { didYouMean } from '../util/suggest.js';
import { displayPath, packageRoot } from './catalogues.js';
import { issuesToProblems, keysFromSchema } from './issues.js';
import { notA } from './not-a.js';
import { readYamlFile, type LoadedYaml } from './yaml.js';
import { excerptList, quoted } from '../util/excerpt.js';

export interface LoadedSeatCatalogue {
  file: string;
  catalogue: SeatCatalogue;
}

const keysAt = keysFromSchema(seatCatalogueSchema);

export function validateSeatCatalogue(y: LoadedYaml, display = y.file): LoadedSeatCatalogue {
  const parsed = seatCatalogueSchema.safeParse(y.data, { reportInput: true });
  if (!parsed.success) throw new InputError(issuesToProblems(parsed.error.issues, { file: display, locate: y.locate }, keysAt, [], y.data).slice(0, 20));
  return { file: display, catalogue: parsed.data };
}

export function loadSeatCatalogueFile(file: string, display = displayPath(file)): LoadedSeatCatalogue {
  const y = readYamlFile(file, undefined, display);
  notA(y.data, 'seat-plans', display, 'a seat-plan catalogue starts with version: 1 and kind: seat-plans (see docs/seat-plans.md)');
  return validateSeatCatalogue(y, display);
}

/**
 * The build's validated copy of `pricing/seats.yaml` (like dist/catalogues.json for the token
 * catalogues): every `seats` run reads it instead of parsing and validating the YAML while the file
 * still has the text it was built from.
 */
export const SEATS_SNAPSHOT = 'dist/seat-catalogue.json';

interface SeatSnapshot {
  text: string;
  catalogue: SeatCatalogue;
}

/** Validate the bundled seat-plan catalogue from its YAML (the build stores the result); null without one. */
export function readSeatSnapshot(): SeatSnapshot | null {
  const file = join(packageRoot(), 'pricing', 'seats.yaml');
  return existsSync(file) ? { text: readFileSync(file, 'utf8'), catalogue: loadSeatCatalogueFile(file, 'pricing/seats.yaml').catalogue } : null;
}

function fromSeatSnapshot(file: string): SeatCatalogue | undefined {
  try {
    const s = JSON.parse(readFileSync(join(packageRoot(), SEATS_SNAPSHOT), 'utf8')) as SeatSnapshot;
    return s.text === readFileSync(file, 'utf8') ? s.catalogue : undefined;
  } catch {
    return undefined; // not built yet, or unreadable: validate the YAML
  }
}

/**
 * The build's validated copy of the bundled seat-plan catalogue when `file` is it and `text` is
 * exactly the text it was validated from (validating one depends on its text alone), else undefined.
 */
export function bundledSeatCatalogueWithText(file: string, text: string): SeatCatalogue | undefined {
  if (resolvePath(file) !== joinPath(joinPath(packageRoot(), 'pricing'), 'seats.yaml')) return undefined;
  try {
    const s = JSON.parse(readFileSync(join(packageRoot(), SEATS_SNAPSHOT), 'utf8')) as SeatSnapshot;
    return s.text === text ? s.catalogue : undefined;
  } catch {
    return undefined;
  }
}

/** The bundled seat-plan catalogue, `pricing/seats.yaml` (none if the package has no such file). */
export function bundledSeatCatalogues(): LoadedSeatCatalogue[] {
  const file = join(packageRoot(), 'pricing', 'seats.yaml');
  if (!existsSync(file)) return [];
  const snapshot = fromSeatSnapshot(file);
  return [snapshot ? { file: 'pricing/seats.yaml', catalogue: snapshot } : loadSeatCatalogueFile(file, 'pricing/seats.yaml')];
}

/** Plans by id; a later catalogue's plan replaces an earlier one with the same id. */
export function planIndex(catalogues: readonly LoadedSeatCatalogue[]): Map<string, CataloguedPlan> {
  const out = new Map<string, CataloguedPlan>();
  for (const c of catalogues) {
    for (const [id, plan] of Object.entries(c.catalogue.plans)) {
      out.set(id, { id, plan, file: c.file, currency: c.catalogue.currency, asOf: plan.as_of ?? c.catalogue.as_of });
    }
  }
  return out;
}

export interface PlanChoice {
  term?: string | undefined;
  seatPrice?: number | undefined;
  /** --allowance: usage included per seat per month, for allowance plans. */
  allowance?: number | undefined;
}

/** The plan named by `--plan`, with its term and price, or a clear error (unknown, unpriced, other currency). */
export function resolvePlan(name: string, index: ReadonlyMap<string, CataloguedPlan>, choice: PlanChoice, currency: string): ResolvedPlan {
  const hit = index.get(name) ?? index.get(name.toLowerCase());
  if (!hit) {
    const ids = [...index.keys()];
    throw new InputError({
      path: '--plan',
      message: ids.length ? `unknown seat plan ${quoted(name)}` : `unknown seat plan ${quoted(name)}: no seat-plan catalogue is loaded`,
      fix: didYouMean(name, ids) || (ids.length ? 'run `aifinops seats --list` to see the plans' : 'add one with --plans FILE (see docs/seat-plans.md)'),
    });
  }
  const { plan } = hit;
  const where = `${hit.file}: plans.${hit.id}`;
  if (choice.term !== undefined && !(SEAT_TERMS as readonly string[]).includes(choice.term)) {
    throw new InputError({ path: '--term', message: `unknown term ${quoted(choice.term)}`, fix: didYouMean(choice.term, SEAT_TERMS) || `use one of ${SEAT_TERMS.join(', ')}` });
  }
  const offered = SEAT_TERMS.filter((t) => plan.price?.[t] !== undefined);
  const priced = SEAT_TERMS.filter((t) => typeof plan.price?.[t] === 'number');
  // default (docs/seat-plans.md): the annual price when the vendor publishes one, else the monthly —
  // unless the plan is sold on one term only (a published price, or the only term listed)
  const term: SeatTerm = (choice.term as SeatTerm | undefined) ?? priced[0] ?? (offered.length === 1 ? offered[0]! : 'monthly');
  let price: number | null | undefined = plan.price?.[term];
  if (choice.seatPrice === undefined) {
    if (plan.price === null) {
      throw new InputError({
        path: '--plan',
        message: `${plan.product} (${hit.id}) has no published price: ${plan.vendor} sells it through sales (${where}.price is null)${plan.notes ? `. ${plan.notes}` : ''}`,
        fix: 'compare the offer you received with `aifinops quotes` (docs/quotes.md), or give your negotiated price with --seat-price AMOUNT',
      });
    }
    if (price === undefined) {
      throw new InputError({
        path: '--term',
        message: `${plan.product} (${hit.id}) is not offered on ${term === 'annual' ? 'an' : 'a'} ${term} term`,
        fix: `use --term ${offered.join(' or --term ')}`,
      });
    }
    if (price === null) {
      throw new InputError({
        path: '--term',
        message: `${plan.vendor} publishes no ${term} price for ${plan.product} (${where}.price.${term} is null)`,
        fix: offered.filter((t) => plan.price?.[t] !== null && t !== term).length
          ? `use --term ${offered.filter((t) => plan.price?.[t] !== null && t !== term).join(' or --term ')}, or give your price with --seat-price AMOUNT`
          : 'give your negotiated price with --seat-price AMOUNT',
      });
    }
  } else {
    price = choice.seatPrice;
  }
  const u = plan.usage;
  let usage: ResolvedUsage;
  if (u.kind === 'included') usage = { kind: 'included', limits: u.limits ?? null };
  else if (u.kind === 'metered') usage = { kind: 'metered', tokenFeePerMillion: u.token_fee_per_million ?? 0 };
  else {
    const perSeat = choice.allowance ?? u.per_seat;
    if (perSeat === null) {
      throw new InputError({
        path: '--plan',
        message: `${plan.vendor} does not publish how much usage each seat of ${plan.product} includes (${where}.usage.per_seat is null), and usage beyond it is billed, so the plan cannot be priced`,
        fix: `give the allowance you expect per seat per month with --allowance AMOUNT (e.g. from your contract), or --allowance 0 to bill all usage as metered (the most it can cost)`,
      });
    }
    usage = { kind: 'allowance', perSeat, pooled: u.pooled, tokenFeePerMillion: u.token_fee_per_million ?? 0 };
  }
  if (hit.currency !== currency) {
    throw new InputError({
      path: '--plan',
      message: `${hit.id} is priced in ${hit.currency} by ${hit.file}, but the scenario's currency is ${currency}`,
      fix: `use a seat-plan catalogue in ${currency} (--plans FILE)`,
    });
  }
  return {
    id: hit.id,
    vendor: plan.vendor,
    product: plan.product,
    term,
    pricePerSeatMonth: price,
    minSeats: plan.min_seats ?? 1,
    usage,
    asOf: hit.asOf,
    source: plan.source,
    sourceKind: plan.source_kind ?? 'vendor',
    currency: hit.currency,
    priceOverridden: choice.seatPrice !== undefined,
    allowanceOverridden: choice.allowance !== undefined && u.kind === 'allowance',
  };
}

/**
 * The scenario's `seats:` block after the semantic rules: users known, active share > 0,
 * segment shares summing to 1 with unique names, kept line items that exist.
 */
export function audienceFor(s: Scenario, y: LoadedYaml | undefined): Audience {
  const problems: Problem[] = [];
  const at = (path: (string | number)[], message: string, fix?: string) =>
    problems.push({ file: s.file, ...(y?.locate(path) ?? {}), path: path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i ? `.${p}` : p)).join(''), message, fix });
  const block = s.seats ?? null;
  if (s.traffic.users === null || s.traffic.users <= 0) {
    at(['traffic'], 'seats versus tokens needs the number of users', 'add users: <people who would get a seat> under traffic');
  }
  if (s.traffic.requestsPerMonth <= 0) at(['traffic'], 'the scenario has no traffic, so there is no usage to compare with a seat', 'give the traffic a volume > 0');
  const activeShare = block?.active_share ?? 1;
  if (activeShare <= 0) at(['seats', 'active_share'], 'expected a share > 0 of users active in a month', 'e.g. active_share: 0.7 (70% of users use it in a month)');
  let segments: Audience['segments'] = null;
  if (block?.segments) {
    const seen = new Map<string, number>();
    block.segments.forEach((seg, i) => {
      if (seen.has(seg.name)) at(['seats', 'segments', i, 'name'], `segment name ${quoted(seg.name)} is used twice`, 'give each segment a unique name');
      if (seg.name === 'inactive') at(['seats', 'segments', i, 'name'], '"inactive" is reserved for the users outside active_share', 'segments describe active users; set seats.active_share for the inactive ones');
      seen.set(seg.name, i);
    });
    const sum = block.segments.reduce((t, seg) => t + seg.share, 0);
    if (Math.abs(sum - 1) > SHARE_TOLERANCE) at(['seats', 'segments'], `the segment shares sum to ${+sum.toFixed(9)}, expected 1`, 'shares are of the active users and must add up to 1 (100%)');
    segments = block.segments.map((seg) => ({ name: seg.name, share: seg.share, requestsPerUserPerDay: seg.requests_per_user_per_day }));
  }
  const names = s.lineItems.map((i) => i.name);
  const keep = block?.keep_costs ?? [];
  keep.forEach((name, i) => {
    if (!names.includes(name)) {
      at(['seats', 'keep_costs', i], `no line item named ${quoted(name)} under costs`, didYouMean(name, names) || (names.length ? `line items: ${excerptList(names)}` : 'the scenario has no costs'));
    }
  });
  if (problems.length) throw new InputError(problems);
  return { activeShare, segments, keep: [...new Set(keep)] };
}
