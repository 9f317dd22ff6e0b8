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
    ...overrides,
  };
}

describe("compileViews().page", () => {
  it("when the model is the same, then the page rendered for it before is sent again", () => {
    const views = compileViews();
    const first = views.page(model());
    expect(views.page(model())).toBe(first);
    expect(first.toString("utf8")).toContain('<div id="results"> Cats: 1 | Dogs: 2 </div>');
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
    expect(again).not.toBe(first);
    expect(again.equals(first)).toBe(true);
  });

  it("escapes what it shows", () => {
    const page = compileViews().page(model({ results: "<script>alert(1)</script>" }));
    expect(page.toString("utf8")).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });
});
