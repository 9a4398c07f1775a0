/**
 * The CLI with only `aifinops estimate` (dist/estimate.cjs; see src/main.ts). Built from a
 * third of the code of the whole CLI, so the most common command reads, compiles and initialises
 * less before it runs. Its behaviour is the whole CLI's for the same command line: the program
 * there also registers only the command it runs.
 */
import { run } from './cli.js';

void run([['estimate', () => import('./commands/estimate.js')]]);
