import { createVotingApp } from "@voting/app";
import { Readiness, silentLogger } from "@voting/common";
import { MemoryVoteStore } from "@voting/storage/testing";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { barePage } from "../src/bare-page-html.js";

const RESULTS = "Cats: 1234/2469 (50%) | Dogs: 1235/2469 (50%)";

// The bare page stands for a page without the services' code; it only compares if it
// sends about as many bytes as the real page does.
describe("the bare page", () => {
  it("when it is rendered, then it is about the real page's size and shows the results line", async () => {
    const store = new MemoryVoteStore();
    const app = createVotingApp({
      settings: {
        title: "AKS Voting App",
        options: ["Cats", "Dogs"],
        appVersion: "1.0",
        showDetails: true,
        offerFeatureFlag: true,
        host: "voting-app-1-0-6c65c47b4-xk2vd",
        store: "redis",
      },
      store,
      analytics: {
        results: async () => ({ text: RESULTS, version: "1.1" }),
        close: async () => {},
      },
      readiness: new Readiness(() => store.ping()),
      logger: silentLogger(),
    });
    const real = await request(app).get("/").expect(200);
    const bare = barePage(RESULTS, "redis");

    expect(bare).toContain(`<div id="results"> ${RESULTS} </div>`);
    const ratio = Buffer.byteLength(bare) / Buffer.byteLength(real.text);
    expect(ratio).toBeGreaterThan(0.85);
    expect(ratio).toBeLessThan(1.15);
  });
});
