/**
 * The comment behaviours, independent of the code host:
 * - update (default): edit our last comment (same tag); post one when there is none; skip when the
 *   body is unchanged;
 * - new: always post a new comment;
 * - delete-and-new: delete our comments (same tag), then post a new one.
 * In every mode a comment from a newer run (higher sequence from the same source) is left alone and
 * nothing is written. `onlyOnChange`: when no scenario moved, post nothing new (an existing comment
 * is still brought up to date, so it never shows a stale change). `dryRun`: read, plan, never write.
 */
import { nothingMoved } from '../core/diff-report.js';
import { renderDiffMarkdown } from '../render/diff.js';
import type { DiffReport } from '../schema/diff-report.js';
import { compareSeq, parseMarker, stripMarker, type Sequence } from './marker.js';
import type { Platform, RemoteComment } from './platform.js';

export const BEHAVIORS = ['update', 'new', 'delete-and-new'] as const;
export type Behavior = (typeof BEHAVIORS)[number];

export interface CommentOptions {
  behavior: Behavior;
  tag: string;
  seq: Sequence | null;
  dryRun: boolean;
  onlyOnChange: boolean;
}

export type CommentAction = 'created' | 'updated' | 'unchanged' | 'skipped-newer-exists' | 'skipped-no-change' | 'deleted';

export interface CommentOutcome {
  action: CommentAction;
  /** Planned only (dry run). */
  dry_run: boolean;
  platform: string;
  target: string;
  tag: string;
  /** The comment written or kept, when there is one. */
  comment_id: string | null;
  url: string | null;
  /** Comments deleted (delete-and-new). */
  deleted: string[];
  message: string;
  body: string;
}

function ours(list: readonly RemoteComment[], tag: string) {
  return list
    .map((c) => ({ c, m: parseMarker(c.body) }))
    .filter((x): x is { c: RemoteComment; m: NonNullable<ReturnType<typeof parseMarker>> } => x.m !== null && x.m.tag === tag);
}

export async function postComment(platform: Platform, report: DiffReport, opts: CommentOptions): Promise<CommentOutcome> {
  const body = renderDiffMarkdown(report, { tag: opts.tag, seq: opts.seq, maxChars: platform.maxChars });
  const quiet = opts.onlyOnChange && nothingMoved(report);
  const would = opts.dryRun ? 'would be ' : '';
  const out = (action: CommentAction, message: string, c: RemoteComment | null = null, deleted: string[] = []): CommentOutcome => ({
    action,
    dry_run: opts.dryRun,
    platform: platform.name,
    target: platform.target,
    tag: opts.tag,
    comment_id: c?.id ?? null,
    url: c?.url ?? null,
    deleted,
    message,
    body,
  });

  const mine = ours(await platform.list(), opts.tag);
  const newer = mine.find((x) => compareSeq(x.m.seq, opts.seq) === 1);
  if (newer) {
    const s = newer.m.seq!;
    return out('skipped-newer-exists', `a newer run (${s.source} ${s.value}) already commented on ${platform.target} (comment ${newer.c.id}); this run (${opts.seq!.source} ${opts.seq!.value}) leaves it alone`, newer.c);
  }
  const last = mine.at(-1)?.c ?? null;

  if (opts.behavior === 'update' && last) {
    if (stripMarker(last.body) === stripMarker(body)) return out('unchanged', `comment ${last.id} on ${platform.target} is already up to date`, last);
    const c = opts.dryRun ? last : await platform.update(last.id, body);
    return out('updated', `comment ${last.id} on ${platform.target} ${would || ''}updated`, c);
  }

  const deleted: string[] = [];
  if (opts.behavior === 'delete-and-new') {
    for (const x of mine) {
      if (!opts.dryRun) await platform.remove(x.c.id);
      deleted.push(x.c.id);
    }
  }
  if (quiet) {
    const what = deleted.length ? `; ${deleted.length} earlier comment${deleted.length === 1 ? '' : 's'} ${would || ''}deleted` : '';
    return out(deleted.length ? 'deleted' : 'skipped-no-change', `no scenario cost moved (--only-on-change): nothing posted on ${platform.target}${what}`, null, deleted);
  }
  if (opts.dryRun) return out('created', `a new comment would be posted on ${platform.target}${deleted.length ? ` after deleting ${deleted.join(', ')}` : ''}`, null, deleted);
  const c = await platform.create(body);
  return out('created', `posted comment ${c.id} on ${platform.target}${c.url ? ` (${c.url})` : ''}${deleted.length ? `; deleted ${deleted.join(', ')}` : ''}`, c, deleted);
}
