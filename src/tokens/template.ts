/**
 * Prompt templates: only the fixed text is counted; what gets filled into the placeholders is a
 * declared allowance (`fill:` in the scenario). Pure.
 */

export const TEMPLATE_SYNTAXES = ['jinja', 'fstring', 'dollar'] as const;
export type TemplateSyntax = (typeof TEMPLATE_SYNTAXES)[number];

export const SYNTAX_HELP: Record<TemplateSyntax, string> = {
  jinja: '{{ name }}, {% tag %} and {# comment #} (Jinja, Mustache, Handlebars, Liquid)',
  fstring: '{name} with {{ and }} for literal braces (Python str.format, LangChain f-string templates)',
  dollar: '${name} and $name with $$ for a literal $ (Python string.Template, shell style)',
};

const PATTERNS: Record<TemplateSyntax, RegExp> = {
  jinja: /\{\{[\s\S]*?\}\}\}?|\{%[\s\S]*?%\}|\{#[\s\S]*?#\}/g,
  fstring: /\{\{|\}\}|\{[^{}]*\}/g,
  dollar: /\$\$|\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*/g,
};

export interface TemplateText {
  /** The template with every placeholder (and tag, comment) removed; escapes resolved. */
  fixed: string;
  /** How many placeholders, tags and comments were removed. */
  placeholders: number;
}

export function templateFixedText(text: string, syntax: TemplateSyntax): TemplateText {
  let placeholders = 0;
  const fixed = text.replace(PATTERNS[syntax], (m) => {
    if (syntax === 'fstring' && (m === '{{' || m === '}}')) return m[0]!;
    if (syntax === 'dollar' && m === '$$') return '$';
    placeholders++;
    return '';
  });
  return { fixed, placeholders };
}
