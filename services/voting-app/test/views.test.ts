import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { PageModel } from "../src/page.js";
import { compileViews } from "../src/views.js";

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
  it("when a page is rendered, then its vote form carries the model's vote id in a hidden field", () => {
    const voteId = randomUUID();
    const page = compileViews().page(model({ voteId }));
    const form = /<form class="choices"[^]*?<\/form>/.exec(page)?.[0] ?? "";
    expect(form).toContain(`<input type="hidden" name="vote_id" value="${voteId}">`);
    expect(form.match(/name="vote_id"/g)).toHaveLength(1);
    expect(page).toContain('<div id="results"> Cats: 1 | Dogs: 2 </div>');
  });

  it("when the vote id holds markup, then it is shown escaped, never as markup", () => {
    const page = compileViews().page(model({ voteId: '"><script>' }));
    expect(page).toContain('value="&#34;&gt;&lt;script&gt;"');
    expect(page).not.toContain("<script>");
  });

  it("when anything in the model changes, then the page shows the change", () => {
    const views = compileViews();
    views.page(model());
    const voted = views.page(model({ results: "Cats: 2 | Dogs: 2" }));
    expect(voted).toContain('<div id="results"> Cats: 2 | Dogs: 2 </div>');
    const flagged = views.page(model({ featureFlag: { offered: true, set: true } }));
    expect(flagged).toContain("Clear feature flag");
    const away = views.page(model({ results: null, analyticsVersion: null }));
    expect(away).toContain("Results are unavailable right now");
  });

  it("escapes what it shows", () => {
    const page = compileViews().page(model({ results: "<script>alert(1)</script>" }));
    expect(page).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });
});
