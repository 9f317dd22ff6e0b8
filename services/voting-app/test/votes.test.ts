import { once } from "node:events";
import { Agent, createServer, request as httpRequest } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { gzipSync } from "node:zlib";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { MemoryVoteStore } from "@voting/storage/testing";
import { buildVotingApp } from "./builders.js";

const FORM = "application/x-www-form-urlencoded";

// Bodies sent byte for byte: superagent would otherwise turn a Buffer into form fields.
const asIs = (body: unknown) => body as string;

/** A form post through `agent`: its status, and the socket it went over. */
function fetchWith(
  agent: Agent,
  url: string,
  body: string,
): Promise<{ status: number; socket: Socket }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: "POST", agent, headers: { "content-type": FORM } });
    req.on("error", reject);
    req.on("response", (response) => {
      response.resume();
      response.on("end", () => resolve({ status: response.statusCode ?? 0, socket: req.socket! }));
    });
    req.end(body);
  });
}

describe("voting-app votes", () => {
  it("when a vote for an option is posted, then it is stored and the answer redirects to /", async () => {
    const { app, store } = buildVotingApp();
    await request(app)
      .post("/")
      .type("form")
      .send({ vote: "Dogs" })
      .expect(302)
      .expect("location", "/");
    expect(await store.counts(["Cats", "Dogs"])).toEqual([0, 1]);
  });

  it("when reset is posted, then both counts go back to 0", async () => {
    const { app, store } = buildVotingApp();
    await store.vote("Cats");
    await store.vote("Dogs");
    await request(app).post("/").type("form").send({ vote: "reset" }).expect(302);
    expect(await store.counts(["Cats", "Dogs"])).toEqual([0, 0]);
  });

  it("when options are custom, then a vote for the custom name counts", async () => {
    const { app, store } = buildVotingApp({ settings: { options: ["Crème brûlée", "Tiramisu"] } });
    await request(app)
      .post("/")
      .type("form")
      .send("vote=Cr%C3%A8me%20br%C3%BBl%C3%A9e")
      .expect(302);
    expect(await store.counts(["Crème brûlée", "Tiramisu"])).toEqual([1, 0]);
  });

  it.each([
    ["an unknown option", "vote=Birds", /&#34;Birds&#34; is not an option/],
    ["a missing vote field", "choice=Cats", /Send a form field &#34;vote&#34;/],
    ["a repeated vote field", "vote=Cats&vote=Dogs", /Send a form field &#34;vote&#34;/],
    ["a differently cased option", "vote=cats", /&#34;cats&#34; is not an option/],
  ])(
    "when %s is posted, then the answer is 400 and nothing is stored",
    async (_case, body, message) => {
      const { app, store } = buildVotingApp();
      const response = await request(app).post("/").type("form").send(body).expect(400);
      expect(response.text).toMatch(message);
      expect([...(store as MemoryVoteStore).counters.values()].every((count) => count === 0)).toBe(
        true,
      );
    },
  );

  it("when the body is JSON instead of a form, then the answer is 400", async () => {
    const { app } = buildVotingApp();
    await request(app).post("/").send({ vote: "Cats" }).expect(400);
  });

  it.each([
    ["the plain form type", FORM],
    ["the form type with a charset", `${FORM}; charset=utf-8`],
  ])(
    "when the body is larger than a form can be, with %s, then the answer is 413",
    async (_case, type) => {
      const { app, store } = buildVotingApp();
      const response = await request(app)
        .post("/")
        .set("content-type", type)
        .send(`vote=Cats&filler=${"x".repeat(10_000)}`)
        .expect(413);
      expect(response.text).toContain("too large");
      expect(await store.counts(["Cats", "Dogs"])).toEqual([0, 0]);
    },
  );

  it.each([
    ["another spelling of the type", `${FORM.toUpperCase()}; Charset="UTF-8"`, "vote=Dogs"],
    ["a Latin-1 charset", `${FORM}; charset=iso-8859-1`, Buffer.from("vote=Dogs", "latin1")],
  ])("when the form comes with %s, then the vote counts", async (_case, type, body) => {
    const { app, store } = buildVotingApp();
    await request(app).post("/").set("content-type", type).serialize(asIs).send(body).expect(302);
    expect(await store.counts(["Cats", "Dogs"])).toEqual([0, 1]);
  });

  it("when the form comes in a charset other than UTF-8 or Latin-1, then the answer is 415 saying so", async () => {
    const { app, store } = buildVotingApp();
    const response = await request(app)
      .post("/")
      .set("content-type", `${FORM}; charset=utf-16le`)
      .serialize(asIs)
      .send(Buffer.from("vote=Dogs", "utf16le"))
      .expect(415);
    expect(response.text).toContain("charset is not supported: send it as UTF-8");
    expect(await store.counts(["Cats", "Dogs"])).toEqual([0, 0]);
  });

  it("when the form has more fields than a vote needs, then the answer is 413 saying so", async () => {
    const { app, store } = buildVotingApp();
    const fields = Array.from({ length: 11 }, (_, i) => `f${i}=x`).join("&");
    const response = await request(app)
      .post("/")
      .type("form")
      .send(`vote=Cats&${fields}`)
      .expect(413);
    expect(response.text).toContain("too many fields");
    expect(await store.counts(["Cats", "Dogs"])).toEqual([0, 0]);
  });

  it("when the form is gzipped, then it is inflated and the vote counts", async () => {
    const { app, store } = buildVotingApp();
    await request(app)
      .post("/")
      .set("content-type", FORM)
      .set("content-encoding", "gzip")
      .serialize(asIs)
      .send(gzipSync("vote=Cats"))
      .expect(302);
    expect(await store.counts(["Cats", "Dogs"])).toEqual([1, 0]);
  });

  it("when the plain form starts with a byte order mark, then the mark is dropped and the vote counts", async () => {
    const { app, store } = buildVotingApp();
    await request(app).post("/").type("form").send("\uFEFFvote=Cats").expect(302);
    expect(await store.counts(["Cats", "Dogs"])).toEqual([1, 0]);
  });

  it("when a refused form and then a vote come on one kept-alive connection, then both are answered", async () => {
    const { app, store } = buildVotingApp();
    const server = createServer(app).listen(0, "127.0.0.1");
    await once(server, "listening");
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      const post = (body: string) =>
        fetchWith(agent, url, body).then(({ status, socket }) => ({ status, socket }));
      const refused = await post(`vote=${"x".repeat(10_000)}`);
      const counted = await post("vote=Dogs");
      expect([refused.status, counted.status]).toEqual([413, 302]);
      expect(counted.socket).toBe(refused.socket);
      expect(await store.counts(["Cats", "Dogs"])).toEqual([0, 1]);
    } finally {
      agent.destroy();
      server.close();
    }
  });

  it("when the store is down, then the vote gets a 503 page that says so and nothing is stored", async () => {
    const { app, store } = buildVotingApp();
    (store as MemoryVoteStore).down = true;
    const response = await request(app).post("/").type("form").send({ vote: "Cats" }).expect(503);
    expect(response.text).toContain("Temporarily unavailable");
    expect(response.text).toContain("vote store");
    expect(response.headers["retry-after"]).toBe("1");
    (store as MemoryVoteStore).down = false;
    expect(await store.counts(["Cats", "Dogs"])).toEqual([0, 0]);
  });

  it("when an unknown path is asked for, then the answer is a 404 page", async () => {
    const { app } = buildVotingApp();
    const response = await request(app).get("/nothing-here").expect(404);
    expect(response.text).toContain("Not found");
  });
});

describe("voting-app votes with an id", () => {
  const UUID = "0b8e7c1a-5f2d-4e6b-9a3c-7d1e2f3a4b5c";

  it("when the same vote_id is posted twice, then both answers redirect to / and it counts once", async () => {
    const { app, store } = buildVotingApp();
    for (let i = 0; i < 2; i++) {
      await request(app)
        .post("/")
        .type("form")
        .send(`vote=Cats&vote_id=${UUID}`)
        .expect(302)
        .expect("location", "/");
    }
    expect(await store.counts(["Cats", "Dogs"])).toEqual([1, 0]);
  });

  it("when different vote_ids are posted, then each counts", async () => {
    const { app, store } = buildVotingApp();
    for (const id of ["a", "b", "c"])
      await request(app).post("/").type("form").send(`vote=Dogs&vote_id=${id}`).expect(302);
    expect(await store.counts(["Cats", "Dogs"])).toEqual([0, 3]);
  });

  it("when votes without an id are posted, then each counts, as the tutorial's curl does", async () => {
    const { app, store } = buildVotingApp();
    for (let i = 0; i < 3; i++)
      await request(app).post("/").type("form").send("vote=Cats").expect(302);
    expect(await store.counts(["Cats", "Dogs"])).toEqual([3, 0]);
  });

  it("when the id comes as an Idempotency-Key header, then a repeat counts once", async () => {
    const { app, store } = buildVotingApp();
    for (let i = 0; i < 2; i++) {
      await request(app)
        .post("/")
        .set("idempotency-key", UUID)
        .type("form")
        .send("vote=Dogs")
        .expect(302);
    }
    await request(app)
      .post("/")
      .set("idempotency-key", UUID)
      .type("form")
      .send(`vote=Dogs&vote_id=${UUID}`)
      .expect(302);
    expect(await store.counts(["Cats", "Dogs"])).toEqual([0, 1]);
  });

  it("when the field and the header name different ids, then the answer is 400 and nothing is stored", async () => {
    const { app, store } = buildVotingApp();
    const response = await request(app)
      .post("/")
      .set("idempotency-key", "other")
      .type("form")
      .send(`vote=Dogs&vote_id=${UUID}`)
      .expect(400);
    expect(response.text).toContain("name different votes");
    expect(await store.counts(["Cats", "Dogs"])).toEqual([0, 0]);
    expect((store as MemoryVoteStore).voteIds.size).toBe(0);
  });

  it.each([
    ["a vote_id too long", `vote=Cats&vote_id=${"a".repeat(65)}`, {}],
    ["a vote_id with a space", "vote=Cats&vote_id=a+b", {}],
    ["an empty vote_id", "vote=Cats&vote_id=", {}],
    ["an Idempotency-Key with a slash", "vote=Cats", { "idempotency-key": "a/b" }],
  ])(
    "when %s is posted, then the answer is 400 and nothing is stored",
    async (_case, body, headers) => {
      const { app, store } = buildVotingApp();
      const response = await request(app)
        .post("/")
        .set(headers)
        .type("form")
        .send(body)
        .expect(400);
      expect(response.text).toContain("must be 1 to 64 letters, digits");
      expect(await store.counts(["Cats", "Dogs"])).toEqual([0, 0]);
      expect((store as MemoryVoteStore).voteIds.size).toBe(0);
    },
  );

  it("when a reset with an id is posted again after a new vote, then the vote is kept", async () => {
    const { app, store } = buildVotingApp();
    await store.vote("Cats");
    await request(app).post("/").type("form").send(`vote=reset&vote_id=${UUID}`).expect(302);
    await store.vote("Dogs");
    await request(app).post("/").type("form").send(`vote=reset&vote_id=${UUID}`).expect(302);
    expect(await store.counts(["Cats", "Dogs"])).toEqual([0, 1]);
  });

  it("when a vote with an id got a 503, then its retry with the same id counts it once", async () => {
    const { app, store } = buildVotingApp();
    (store as MemoryVoteStore).down = true;
    await request(app).post("/").type("form").send(`vote=Cats&vote_id=${UUID}`).expect(503);
    (store as MemoryVoteStore).down = false;
    await request(app).post("/").type("form").send(`vote=Cats&vote_id=${UUID}`).expect(302);
    await request(app).post("/").type("form").send(`vote=Cats&vote_id=${UUID}`).expect(302);
    expect(await store.counts(["Cats", "Dogs"])).toEqual([1, 0]);
  });
});

describe("voting-app feature flag", () => {
  it("when the flag is set, then the cookie is featureflag=on for path / for 15 minutes", async () => {
    const { app } = buildVotingApp();
    const before = Date.now();
    const response = await request(app)
      .post("/featureflag/set")
      .expect(302)
      .expect("location", "/");
    const cookie = response.headers["set-cookie"]?.[0] ?? "";
    expect(cookie).toMatch(/^featureflag=on;/);
    expect(cookie).toContain("Path=/");
    expect(cookie).toContain("Max-Age=900");
    const expires = Date.parse(/Expires=([^;]+)/.exec(cookie)?.[1] ?? "");
    expect(expires - before).toBeGreaterThan(14 * 60 * 1000);
    expect(expires - before).toBeLessThanOrEqual(15 * 60 * 1000 + 1000);
  });

  it("when the flag is cleared, then the cookie is expired", async () => {
    const { app } = buildVotingApp();
    const response = await request(app)
      .post("/featureflag/clear")
      .expect(302)
      .expect("location", "/");
    const cookie = response.headers["set-cookie"]?.[0] ?? "";
    expect(cookie).toMatch(/^featureflag=;/);
    expect(cookie).toContain("Path=/");
    expect(cookie).toContain("Expires=Thu, 01 Jan 1970 00:00:00 GMT");
  });

  it("when the cookie is sent, then the footer says set and offers to clear it", async () => {
    const { app } = buildVotingApp();
    const response = await request(app).get("/").set("cookie", "a=b; featureflag=on").expect(200);
    expect(response.text).toContain("feature flag: <strong>set</strong>");
    expect(response.text).toContain('action="/featureflag/clear"');
  });

  it("when no cookie is sent, then the footer says clear and offers to set it", async () => {
    const { app } = buildVotingApp();
    const response = await request(app).get("/").set("cookie", "featureflag=onion").expect(200);
    expect(response.text).toContain("feature flag: <strong>clear</strong>");
    expect(response.text).toContain('action="/featureflag/set"');
  });

  it("when FEATUREFLAG is off, then no toggle is shown", async () => {
    const { app } = buildVotingApp({ settings: { offerFeatureFlag: false } });
    const response = await request(app).get("/").expect(200);
    expect(response.text).not.toContain("feature flag:");
  });
});

describe("voting-app health", () => {
  it("when the store answers, then it is alive and ready", async () => {
    const { app } = buildVotingApp();
    await request(app).get("/healthz").expect(200, { status: "alive" });
    await request(app).get("/readyz").expect(200, { status: "ready" });
  });

  it("when the store is down, then it is alive but not ready", async () => {
    const { app, store } = buildVotingApp();
    (store as MemoryVoteStore).down = true;
    await request(app).get("/healthz").expect(200);
    const response = await request(app).get("/readyz").expect(503);
    expect(response.body.status).toBe("not ready");
  });

  it("when draining, then it is not ready even though the store answers", async () => {
    const { app, readiness } = buildVotingApp();
    readiness.startDraining();
    const response = await request(app).get("/readyz").expect(503);
    expect(response.body.reason).toBe("shutting down");
  });
});
