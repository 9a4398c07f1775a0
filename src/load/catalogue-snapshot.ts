/**
 * The layout of dist/catalogues.json, the build's validated copy of the bundled token catalogues
 * (src/load/catalogues.ts checks it is still the YAML's before taking it).
 *
 * One line of JSON first: the files, and each catalogue without its models; for each model, its
 * id, where its entry's JSON is in the rest of the file, and its aliases. Then each model's entry
 * as JSON, one after another. A run parses the first line, and a model's entry only when something
 * reads it: a run that prices three models does not build the objects of a hundred others (the
 * registry finds models by id and alias from the first line: core/registry.ts). Every
 * character beyond ASCII is written as a \u escape, so the file reads as a one-byte string and a
 * position in it is a position in its bytes.
 */
import type { LoadedCatalogue } from '../core/registry.js';

/** Each pricing/*.yaml file, in order, with the length of its content in bytes and of its text in characters. */
export interface SnapshotFile {
  name: string;
  bytes: number;
  length: number;
}

export interface Snapshot {
  files: SnapshotFile[];
  catalogues: LoadedCatalogue[];
}

/** The layout's version: a file without it (an older build's) is not taken. */
const FORMAT = 2;

interface Head {
  format: number;
  files: SnapshotFile[];
  catalogues: { file: string; catalogue: LoadedCatalogue['catalogue']; models: [id: string, start: number, end: number, aliases?: string[]][] }[];
}

/** `value` as JSON in ASCII: each other character as a \u escape (JSON.parse gives the same value). */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The snapshot as the build writes it. */
export function snapshotText(snapshot: Snapshot): string {
  const entries: string[] = [];
  let at = 0;
  const head: Head = {
    format: FORMAT,
    files: snapshot.files,
    catalogues: snapshot.catalogues.map(({ file, catalogue }) => ({
      file,
      // (models in its place, empty: the keys keep their order)
      catalogue: { ...catalogue, models: {} },
      models: Object.entries(catalogue.models).map(([id, entry]) => {
        const json = asciiJson(entry);
        entries.push(json);
        const slot: Head['catalogues'][number]['models'][number] = [id, at, (at += json.length)];
        if (entry.aliases) slot.push(entry.aliases);
        return slot;
      }),
    })),
  };
  return `${asciiJson(head)}\n${entries.join('')}`;
}

/**
 * The snapshot in `text` (all ASCII), each model's entry parsed when first read; undefined if the
 * text is not in this layout. Each catalogue carries its models' aliases (`aliases`, not
 * enumerable: the catalogue equals one parsed from its YAML).
 */
export function parseSnapshotText(text: string): Snapshot | undefined {
  const nl = text.indexOf('\n');
  if (nl < 0) return undefined;
  const head = JSON.parse(text.slice(0, nl)) as Head;
  if (head.format !== FORMAT || !Array.isArray(head.files) || !Array.isArray(head.catalogues)) return undefined;
  const body = nl + 1;
  const catalogues = head.catalogues.map(({ file, catalogue, models }) => {
    const aliases: Record<string, readonly string[]> = Object.create(null) as Record<string, readonly string[]>;
    for (const [id, start, end, names] of models) {
      if (names) aliases[id] = names;
      lazyEntry(catalogue.models, id, text, body + start, body + end);
    }
    const loaded: LoadedCatalogue = { file, catalogue };
    Object.defineProperty(loaded, 'aliases', { value: aliases });
    return loaded;
  });
  return { files: head.files, catalogues };
}

/** `models[id]`: the JSON at text[start, end), parsed on first read (then a plain property). */
function lazyEntry(models: object, id: string, text: string, start: number, end: number): void {
  const settle = (value: unknown) => Object.defineProperty(models, id, { value, writable: true, enumerable: true, configurable: true });
  Object.defineProperty(models, id, {
    get: () => {
      const value: unknown = JSON.parse(text.slice(start, end));
      settle(value);
      return value;
    },
    set: settle,
    enumerable: true,
    configurable: true,
  });
}
