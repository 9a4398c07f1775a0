/** Commands with a bundle of their own (command-bundles.mjs). */
export declare const COMMAND_BUNDLES: readonly string[];
