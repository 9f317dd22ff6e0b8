import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import ejs from "ejs";
import { LRUCache } from "lru-cache";
import type { PageModel } from "./page.js";
import { VOTE_ID_PATTERN } from "./vote-input.js";

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
 * A page is a function of its model alone, and between two votes every view has the same model
 * but for its vote id. Rendering it and encoding it to bytes once per model, instead of once per
 * view, saves about a tenth of the app's CPU per view (docs/benchmarks.md); each view then only
 * puts its own id between the pieces kept.
 */
export function keepRendered(render: (model: PageModel) => string): (model: PageModel) => Buffer {
  // Random, so no title, option or results text can contain it.
  const marker = `vote-id-${randomUUID()}`;
  const pages = new LRUCache<string, Buffer[]>({ max: PAGES_KEPT });
  return (model) => {
    // The id goes in unescaped, so only an id that needs no escaping is taken.
    if (!VOTE_ID_PATTERN.test(model.voteId)) throw new Error("A page's vote id must be an id");
    const key = JSON.stringify({ ...model, voteId: undefined });
    let pieces = pages.get(key);
    if (pieces === undefined) {
      const text = render({ ...model, voteId: marker });
      pieces = text.split(marker).map((piece) => Buffer.from(piece, "utf8"));
      pages.set(key, pieces);
    }
    const id = Buffer.from(model.voteId, "latin1");
    return Buffer.concat(pieces.flatMap((piece, i) => (i === 0 ? [piece] : [id, piece])));
  };
}

function compileView(name: string): (model: object) => string {
  const filename = fileURLToPath(new URL(`../views/${name}.ejs`, import.meta.url));
  return ejs.compile(readFileSync(filename, "utf8"), { filename });
}
