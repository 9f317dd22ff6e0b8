import type { StoreKind } from "@voting/storage";
import { assertServicesBuilt, storeLabel } from "@voting/devstack";
import {
  createHttpClient,
  type Exchange,
  type HttpClient,
  resultsText,
  voteRequest,
} from "../net/http-client.js";
import { Claims, type ScenarioResult } from "../result.js";
import type { Scale } from "../scale.js";
import { withResources } from "../stack/resources.js";
import { startStack } from "../stack/stack.js";
import { storeFor } from "../stack/stores.js";

/** Markup an operator (or whoever controls the deployment's variables) might put in the names. */
export const MARKUP = {
  TITLE: `</title><script>alert("title")</script><h1 onclick=x>`,
  VOTE1VALUE: `<img src=x onerror=alert(1)>`,
  VOTE2VALUE: `"><svg/onload=alert(2)>'`,
} as const;

/** The only elements the page and the error page are made of. */
const PAGE_ELEMENTS = new Set([
  "html",
  "head",
  "meta",
  "title",
  "link",
  "body",
  "main",
  "h1",
  "form",
  "input",
  "button",
  "section",
  "div",
  "footer",
  "p",
  "span",
  "strong",
  "a",
]);

/** The page's one script, its own file: any other script element came from somewhere else. */
const PAGE_SCRIPT = '<script src="/static/fresh-page.js" defer></script>';

/** Tag names that appear in the HTML, lower-cased (closing tags included). */
export function elementsIn(html: string): Set<string> {
  return new Set(
    [...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9-]*)/g)].map((m) => m[1]!.toLowerCase()),
  );
}

/** Attribute names of every tag, read as a browser would: quoted values stay whole, `/` separates. */
export function attributeNames(html: string): string[] {
  const names: string[] = [];
  for (const [tag] of html.matchAll(/<[a-zA-Z][^>]*>/g)) {
    for (const attribute of tag.matchAll(
      /[\s/]([^\s=>"'/]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?/g,
    )) {
      names.push(attribute[1]!.toLowerCase());
    }
  }
  return names;
}

/** Event-handler attributes (onclick, onerror...) on any element. */
function liveHandlers(html: string): string[] {
  return attributeNames(html).filter((name) => name.startsWith("on"));
}

/**
 * Titles and option names full of HTML, set through the real processes' environment, are shown
 * as text: on the page, in its results line, in the buttons' values, and on error pages.
 */
export async function escaping(backend: StoreKind, scale: Scale): Promise<ScenarioResult> {
  assertServicesBuilt();
  return withResources(async (resources) => {
    const store = resources.add(await storeFor(backend), (s) => s.close());
    const stack = await startStack(
      { store, env: { ...MARKUP, SHOWDETAILS: "true", FEATUREFLAG: "true" } },
      resources,
    );
    const client = resources.add(
      createHttpClient(stack.app.origin, { connections: 2, timeoutMs: 5000 }),
      async (c) => c.close(),
    );
    const seen = await voteAndRead(client);
    const claims = judgeEscaping(seen);
    return {
      scenario: `Escaping of names and titles (${storeLabel(backend)})`,
      load: `${seen.votes.length} votes, ${Object.keys(seen.pages).length} pages`,
      faults: "none",
      badInputs: Object.keys(MARKUP).length + 2,
      lostVotes: null,
      maxFaultLatencyMs: null,
      violations: claims.violations,
      figures: { scale: scale.name, results: resultsText(seen.pages.page.body) ?? "" },
    };
  });
}

interface Seen {
  votes: Exchange[];
  pages: { page: Exchange; "400 page": Exchange; "404 page": Exchange };
}

/** Votes for both options named with markup, then the page, a refused vote and a missing page. */
async function voteAndRead(client: HttpClient): Promise<Seen> {
  const votes = [
    await client.send(voteRequest(MARKUP.VOTE1VALUE)),
    await client.send(voteRequest(MARKUP.VOTE2VALUE)),
    await client.send(voteRequest(MARKUP.VOTE2VALUE)),
  ];
  const page = await client.send({ method: "GET", path: "/" });
  const refused = await client.send(voteRequest(`<script>alert("refused")</script>`));
  const missing = await client.send({
    method: "GET",
    path: `/<script>alert("path")</script>`.replace(/[<>"]/g, encodeURIComponent),
  });
  return { votes, pages: { page, "400 page": refused, "404 page": missing } };
}

function judgeEscaping({ votes, pages }: Seen): Claims {
  const claims = new Claims();
  claims.check(
    votes.every((v) => v.status === 302),
    "votes for options named with markup are taken",
    () => votes.map((v) => v.status ?? v.error).join(", "),
  );
  for (const [name, answer] of Object.entries(pages)) {
    const foreign = [...elementsIn(answer.body.replace(PAGE_SCRIPT, ""))].filter(
      (tag) => !PAGE_ELEMENTS.has(tag),
    );
    claims.check(
      foreign.length === 0,
      `the ${name} contains no element from the names`,
      () => `found <${foreign.join(">, <")}>`,
    );
    claims.check(
      liveHandlers(answer.body).length === 0,
      `the ${name} has no live event handler`,
      () => liveHandlers(answer.body).join(" "),
    );
  }
  const { page, "400 page": refused, "404 page": missing } = pages;
  const shown = resultsText(page.body);
  const expected = `&lt;img src=x onerror=alert(1)&gt;: 1/3 (33%) | &#34;&gt;&lt;svg/onload=alert(2)&gt;&#39;: 2/3 (67%)`;
  claims.check(
    shown === expected,
    "the results line shows the names as text, with their counts",
    () => `it reads ${JSON.stringify(shown)}`,
  );
  claims.check(
    page.body.includes("&lt;/title&gt;&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt;"),
    "the title is shown as text",
    () => "the escaped title is not on the page",
  );
  claims.check(
    refused.status === 400 && missing.status === 404,
    "a refused vote and a missing page still get their error pages",
    () => `${refused.status}, ${missing.status}`,
  );
  return claims;
}
