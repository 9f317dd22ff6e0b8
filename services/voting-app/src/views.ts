import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import ejs from "ejs";
import type { PageModel } from "./page.js";

export interface ErrorModel {
  title: string;
  status: number;
  message: string;
}

/** The app's templates, as functions from a model to HTML in which every value is escaped. */
export interface Views {
  page(model: PageModel): string;
  error(model: ErrorModel): string;
}

/**
 * Compiles the templates once, when the app is built: a page is then one call of a function,
 * with no file read, view lookup or template parse per request.
 */
export function compileViews(): Views {
  return { page: compileView("page"), error: compileView("error") };
}

function compileView(name: string): (model: object) => string {
  const filename = fileURLToPath(new URL(`../views/${name}.ejs`, import.meta.url));
  return ejs.compile(readFileSync(filename, "utf8"), { filename });
}
