import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import ejs from "ejs";
import { LRUCache } from "lru-cache";
import type { PageModel } from "./page.js";

export interface ErrorModel {
  title: string;
  status: number;
  message: string;
}

/** The app's templates, as functions from a model to HTML in which every value is escaped. */
export interface Views {
  /** The page as UTF-8 bytes, ready to send. */
  page(model: PageModel): Buffer;
  error(model: ErrorModel): string;
}

// One page per results line in play, with and without the feature flag: a few while votes come
// in, and little memory (a page is about 2 KB).
const PAGES_KEPT = 64;

/**
 * Compiles the templates once, when the app is built. A page is then one call: Express's view
 * lookup and EJS's per-render option copying were a tenth of a page's CPU (docs/benchmarks.md).
 */
export function compileViews(): Views {
  return { page: keepRendered(compileView("page")), error: compileView("error") };
}

/**
 * A page is a function of its model alone, and between two votes every view has the same model.
 * Rendering it and encoding it to bytes once per model, instead of once per view, saves about a
 * tenth of the app's CPU per view (docs/benchmarks.md).
 */
function keepRendered(render: (model: PageModel) => string): (model: PageModel) => Buffer {
  const pages = new LRUCache<string, Buffer>({ max: PAGES_KEPT });
  return (model) => {
    const key = JSON.stringify(model);
    let page = pages.get(key);
    if (page === undefined) {
      page = Buffer.from(render(model), "utf8");
      pages.set(key, page);
    }
    return page;
  };
}

function compileView(name: string): (model: object) => string {
  const filename = fileURLToPath(new URL(`../views/${name}.ejs`, import.meta.url));
  return ejs.compile(readFileSync(filename, "utf8"), { filename });
}
