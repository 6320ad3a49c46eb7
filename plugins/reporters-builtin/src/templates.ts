import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type HandlebarsModule from 'handlebars';

// Loaded on first render, not at import: every dq command boots this plugin, and handlebars took
// ~40 ms of each command's start-up (bench/load).
const require = createRequire(import.meta.url);
let library: typeof HandlebarsModule | undefined;
const Handlebars = (): typeof HandlebarsModule => {
  library ??= require('handlebars') as typeof HandlebarsModule;
  return library;
};

/** The folder of the shipped `.hbs` templates (package.json "files"). */
export const templatesDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'templates');

type Template = (view: object) => string;

let engine: typeof HandlebarsModule | undefined;
const compiled = new Map<string, Template>();

/** A private Handlebars instance with the partials registered (`styles`, `results`). */
function handlebars(): typeof HandlebarsModule {
  if (!engine) {
    engine = Handlebars().create();
    for (const partial of ['styles', 'results'])
      engine.registerPartial(partial, readFileSync(join(templatesDir, `${partial}.hbs`), 'utf8'));
  }
  return engine;
}

/**
 * Renders a template. Everything is HTML-escaped (`{{x}}`); the only raw HTML is chart SVG, which
 * the view passes as a SafeString after the renderer escaped its text.
 */
export function renderTemplate(name: 'report' | 'email', view: object): string {
  let template = compiled.get(name);
  if (!template) {
    template = handlebars().compile(readFileSync(join(templatesDir, `${name}.hbs`), 'utf8'), {
      strict: false,
    });
    compiled.set(name, template);
  }
  return template(view);
}

/** Marks markup produced by our own code (chart SVG) as safe to inline. */
export function trusted(html: string): unknown {
  return new (Handlebars().SafeString)(html);
}
