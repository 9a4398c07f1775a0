/** Temporary repositories with prompt files, and the prompt-test catalogues. */
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { get_encoding } from 'tiktoken';
import type { LoadedCatalogue } from '../../src/core/registry.js';
import { loadCatalogueFile } from '../../src/load/catalogues.js';

const dir = fileURLToPath(new URL('../fixtures/prompts-catalogues/', import.meta.url));
export const PROMPT_CATALOGUES: LoadedCatalogue[] = ['openai', 'anthropic', 'google'].map((p) => loadCatalogueFile(join(dir, `${p}.yaml`), `${p}.yaml`));
export const CATALOGUE_FILES = ['openai', 'anthropic', 'google'].map((p) => join(dir, `${p}.yaml`));

/** A fresh folder (real path) holding a `.git` folder, with the given files. */
export function tempRepo(files: Record<string, string> = {}, { git = true } = {}): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'aifinops-prompts-')));
  if (git) mkdirSync(join(root, '.git'));
  writeFiles(root, files);
  return root;
}

export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
}

/** Independent reference counts: OpenAI's tiktoken (Rust core via WASM), encode_ordinary. */
const wasm = { o200k_base: get_encoding('o200k_base'), cl100k_base: get_encoding('cl100k_base') };
export function tiktokenCount(text: string, encoding: 'o200k_base' | 'cl100k_base' = 'o200k_base'): number {
  return wasm[encoding].encode_ordinary(text).length;
}

export const SYSTEM_PROMPT = `You are the support assistant for Northwind Outfitters.
Answer in two to five sentences, cite the help-centre article you used, and hand over to a
human colleague when the customer asks for one or mentions a legal claim.
`;
