import request from "supertest";
import { describe, expect, it } from "vitest";
import { MemoryVoteStore } from "@voting/storage/testing";
import { buildVotingApp, FakeAnalytics, resultsLine } from "./builders.js";

describe("voting-app page", () => {
  it("when analytics answers, then the results line is the tutorial's exact line", async () => {
    const { app, store } = buildVotingApp();
    await store.vote("Cats");
    await store.vote("Dogs");
    await store.vote("Dogs");
    const response = await request(app).get("/").expect(200);
    expect(resultsLine(response.text)).toBe('<div id="results"> Cats: 1 | Dogs: 2 </div>');
    expect(response.headers["content-type"]).toMatch(/text\/html/);
  });

  it("when analytics fails, then the page still renders and says the results are unavailable", async () => {
    const { app, analytics } = buildVotingApp();
    (analytics as FakeAnalytics).failure = new Error("connection refused");
    const response = await request(app).get("/").expect(200);
    expect(resultsLine(response.text)).toBe(
      '<div id="results"> Results are unavailable right now </div>',
    );
    expect(response.text).toContain('data-analytics-version="none"');
  });

  it("when SHOWDETAILS is on, then the footer shows host, versions and store", async () => {
    const { app } = buildVotingApp();
    const response = await request(app).get("/").expect(200);
    expect(response.text).toContain('data-app-version="1.0" data-analytics-version="1.0"');
    expect(response.text).toContain("host <strong>voting-app-1-0-test</strong>");
    expect(response.text).toContain("store <strong>redis</strong>");
  });

  it("when SHOWDETAILS is off, then host and store are not shown", async () => {
    const { app } = buildVotingApp({ settings: { showDetails: false } });
    const response = await request(app).get("/").expect(200);
    expect(response.text).not.toContain("voting-app-1-0-test");
    expect(response.text).not.toContain("store <strong>");
  });

  it("when the title, options and analytics text carry HTML, then the page shows it inert", async () => {
    const store = new MemoryVoteStore();
    const options = ['<img src=x onerror="alert(1)">', "Dogs & <b>Cats</b>"];
    const { app } = buildVotingApp({
      store,
      settings: { title: "<script>alert('t')</script>", options },
      analytics: new FakeAnalytics(store, options),
    });
    const response = await request(app).get("/").expect(200);
    expect(response.text).not.toContain("<script>alert");
    expect(response.text).not.toContain("<img src=x");
    expect(response.text).not.toContain("<b>Cats</b>");
    expect(response.text).toContain("&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt;");
    expect(response.text).toContain('value="&lt;img src=x onerror=&#34;alert(1)&#34;&gt;"');
  });

  it("when the page is fetched, then the incoming tracing headers are passed to analytics", async () => {
    const { app, analytics } = buildVotingApp();
    await request(app)
      .get("/")
      .set("x-request-id", "req-42")
      .set("x-b3-traceid", "80f198ee56343ba864fe8b2a57d3eff7")
      .set("traceparent", "00-80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-01")
      .set("cookie", "featureflag=on")
      .expect(200);
    expect((analytics as FakeAnalytics).calls[0]).toEqual({
      "x-request-id": "req-42",
      "x-b3-traceid": "80f198ee56343ba864fe8b2a57d3eff7",
      traceparent: "00-80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-01",
    });
  });

  it("when the page is fetched twice, then each has a fresh vote_id that both vote buttons and reset submit", async () => {
    const { app } = buildVotingApp();
    const ids = [];
    for (let i = 0; i < 2; i++) {
      const page = (await request(app).get("/").expect(200)).text;
      const form = /<form class="choices" method="post" action="\/">([^]*?)<\/form>/.exec(
        page,
      )?.[1];
      const id = /<input type="hidden" name="vote_id" value="([^"]+)">/.exec(form ?? "")?.[1];
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(form?.match(/type="submit" name="vote"/g)).toHaveLength(3);
      ids.push(id);
    }
    expect(ids[0]).not.toBe(ids[1]);
  });

  it("when the stylesheet is asked for, then it is served; paths outside public are not", async () => {
    const { app } = buildVotingApp();
    await request(app).get("/static/style.css").expect(200).expect("content-type", /css/);
    await request(app).get("/static/../package.json").expect(404);
    await request(app).get("/static/%2e%2e/package.json").expect(404);
  });
});
