import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { PageModel } from "../src/page.js";
import { compileViews, keepRendered } from "../src/views.js";

function model(overrides: Partial<PageModel> = {}): PageModel {
  return {
    title: "AKS Voting App",
    options: ["Cats", "Dogs"],
    results: "Cats: 1 | Dogs: 2",
    appVersion: "1.0",
    analyticsVersion: "1.0",
    showDetails: true,
    host: "voting-app-1-0-test",
    store: "redis",
    featureFlag: { offered: true, set: false },
    voteId: randomUUID(),
    ...overrides,
  };
}

describe("compileViews().page", () => {
  it("when the model is the same but for the vote id, then the template is rendered once and each page has its own id", () => {
    let renders = 0;
    const render = (m: PageModel) => {
      renders++;
      return `<p>${m.results}</p><input name="vote_id" value="${m.voteId}">`;
    };
    const page = keepRendered(render);
    const first = page(model({ voteId: "first" })).toString("utf8");
    const second = page(model({ voteId: "second" })).toString("utf8");
    expect(renders).toBe(1);
    expect(first).toBe('<p>Cats: 1 | Dogs: 2</p><input name="vote_id" value="first">');
    expect(second).toBe('<p>Cats: 1 | Dogs: 2</p><input name="vote_id" value="second">');
  });

  it("when a page is rendered, then its vote form carries the model's vote id in a hidden field", () => {
    const voteId = randomUUID();
    const page = compileViews().page(model({ voteId })).toString("utf8");
    const form = /<form class="choices"[^]*?<\/form>/.exec(page)?.[0] ?? "";
    expect(form).toContain(`<input type="hidden" name="vote_id" value="${voteId}">`);
    expect(form.match(/name="vote_id"/g)).toHaveLength(1);
    expect(page).toContain('<div id="results"> Cats: 1 | Dogs: 2 </div>');
  });

  it("when the vote id is not an id, then the page is not rendered", () => {
    expect(() => compileViews().page(model({ voteId: '"><script>' }))).toThrow(/vote id/);
  });

  it("when anything in the model changes, then the page shows the change", () => {
    const views = compileViews();
    views.page(model());
    const voted = views.page(model({ results: "Cats: 2 | Dogs: 2" })).toString("utf8");
    expect(voted).toContain('<div id="results"> Cats: 2 | Dogs: 2 </div>');
    const flagged = views.page(model({ featureFlag: { offered: true, set: true } })).toString();
    expect(flagged).toContain("Clear feature flag");
    const away = views.page(model({ results: null, analyticsVersion: null })).toString("utf8");
    expect(away).toContain("Results are unavailable right now");
  });

  it("when more models come than are kept, then the oldest are rendered afresh, unchanged", () => {
    const views = compileViews();
    const first = views.page(model({ results: "Cats: 0 | Dogs: 0" }));
    for (let votes = 1; votes <= 100; votes++)
      views.page(model({ results: `Cats: ${votes} | Dogs: 0` }));
    const again = views.page(model({ results: "Cats: 0 | Dogs: 0" }));
    const withoutId = (page: Buffer) => page.toString("utf8").replace(/value="[\w-]{36}"/, "");
    expect(withoutId(again)).toBe(withoutId(first));
  });

  it("escapes what it shows", () => {
    const page = compileViews().page(model({ results: "<script>alert(1)</script>" }));
    expect(page.toString("utf8")).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });
});
