/** `aifinops schema [kind]`: the JSON Schema of a file format, generated from its zod schema. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Argument, type Command } from 'commander';
import { FILE_KINDS, KIND_IDS, kindById } from '../load/kinds.js';
import { jsonSchemaText, toJsonSchema } from '../schema/jsonschema.js';
import { emit, writeFileAtomic } from '../util/output.js';
import { formatOption } from './common.js';

/** The text of every kind's schema file, by file name (`scenario.schema.json`). */
export function allSchemaFiles(): Map<string, string> {
  return new Map(FILE_KINDS.map((k) => [`${k.id}.schema.json`, jsonSchemaText(toJsonSchema(k))]));
}

export function register(program: Command): void {
  program
    .command('schema')
    .description(`print the JSON Schema of a file format, for editors and other tools (${KIND_IDS.join(', ')})`)
    .addArgument(new Argument('[kind]', 'which file format').choices(KIND_IDS).default('scenario'))
    .addOption(formatOption(['json'], 'json'))
    .option('-o, --output <file>', 'write the schema to a file (atomically) instead of stdout')
    .option('--out-dir <dir>', 'write every schema as <dir>/<kind>.schema.json (how schemas/ is generated)')
    .addHelpText(
      'after',
      `
The schemas are also shipped in the package's schemas/ folder; point your editor at them with
a first line "# yaml-language-server: $schema=<path>/schemas/scenario.schema.json"
(see docs/editor-support.md).

Examples:
  $ aifinops schema scenario -o scenario.schema.json
  $ aifinops schema catalogue
  $ aifinops schema --out-dir schemas`,
    )
    .action((kindArg: string, flags: { output?: string; outDir?: string }) => {
      if (flags.outDir) {
        mkdirSync(flags.outDir, { recursive: true });
        const files = allSchemaFiles();
        for (const [name, text] of files) writeFileAtomic(join(flags.outDir, name), text);
        process.stderr.write(`wrote ${[...files.keys()].map((n) => join(flags.outDir!, n)).join(', ')}\n`);
        return;
      }
      emit(jsonSchemaText(toJsonSchema(kindById(kindArg)!)), flags.output);
    });
}
