import { describe, expect, it } from "vitest";
import { CI_SCALE, soak } from "../src/index.js";
import type { Exchange } from "../src/net/http-client.js";
import { SoakTally } from "../src/scenarios/soak-load.js";

const exchange = (overrides: Partial<Exchange>): Exchange => ({
  method: "GET",
  path: "/",
  status: 200,
  error: null,
  headers: {},
  body: '<div id="results"> Cats: 2/6 (33%) | Dogs: 4/6 (67%) </div>',
  start: 0,
  end: 1,
  ...overrides,
});

describe("the soak's tally", () => {
  it("when pages show counts and votes get their 302, then nothing is an error", () => {
    const tally = new SoakTally();
    tally.page(exchange({}));
    tally.vote(1, exchange({ method: "POST", status: 302, body: "" }));
    expect([tally.errors, tally.requests, tally.acknowledged]).toEqual([0, 2, [0, 1]]);
  });

  it("when a page says results are unavailable, has no results line or fails, or a vote is not a 302, then each is an error", () => {
    const tally = new SoakTally();
    tally.page(exchange({ body: '<div id="results"> Results are unavailable right now </div>' }));
    tally.page(exchange({ body: "<p>hello</p>" }));
    tally.page(exchange({ status: 503 }));
    tally.page(exchange({ status: null, error: "ECONNRESET" }));
    tally.vote(0, exchange({ method: "POST", status: 503 }));
    expect([tally.badPages, tally.badVotes, tally.acknowledged]).toEqual([4, 1, [0, 0]]);
    expect(tally.samples).toContain("GET / ECONNRESET no results line");
  });
});

describe("soak", () => {
  it(
    `when both stacks serve a steady mix of pages and votes for ${CI_SCALE.soakMs / 1000} s, then nothing fails, every acknowledged vote is stored and shown, and no service's private memory goes over ${CI_SCALE.soakPeakMemoryMb} MB`,
    async () => {
      const result = await soak(CI_SCALE);
      expect(result.violations).toEqual([]);
      expect(result.lostVotes).toBe(0);
      expect(result.figures["redis errors"]).toBe(0);
      expect(result.figures["mysql errors"]).toBe(0);
      expect(result.figures["redis votes"]).toBeGreaterThan(0);
      expect(result.figures["mysql votes"]).toBeGreaterThan(0);
      for (const service of ["app 1.0", "analytics 1.1", "app 2.0", "analytics 2.0"]) {
        expect(result.figures[`${service} peak MB`], service).toBeGreaterThan(5);
      }
    },
    CI_SCALE.soakMs + 60_000,
  );
});
