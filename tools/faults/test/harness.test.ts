import { once } from "node:events";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { connect } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { replaceSection } from "../src/report/doc.js";
import { resultsTable } from "../src/report/table.js";
import { judge, type HostileCase } from "../src/scenarios/hostile/cases.js";
import { attributeNames, elementsIn } from "../src/scenarios/escaping.js";
import { slowRequestBytes } from "../src/scenarios/slow-clients.js";
import { startDelayProxy } from "../src/net/delay-proxy.js";
import type { RawAnswer } from "../src/net/raw-http.js";
import type { ScenarioResult } from "../src/result.js";

// The suite is only as good as its checks: these show each one catches what it is meant to.

const refuseCase: HostileCase = {
  category: "vote value",
  name: "vote value x",
  target: "app",
  request: { target: "/" },
  expect: { kind: "refuse" },
};
const answer = (overrides: Partial<RawAnswer>): RawAnswer => ({
  status: 400,
  head: "http/1.1 400 bad request",
  body: "",
  outcome: "answered",
  ms: 1,
  ...overrides,
});

describe("judging hostile answers", () => {
  it("when a bad vote is refused with a 400, then it is a deliberate answer", () => {
    expect(judge(refuseCase, answer({}))).toBeNull();
  });

  it("when a bad vote gets a 500, a 302, no answer or an injected header, then each is reported", () => {
    expect(judge(refuseCase, answer({ status: 500 }))).toMatch(/500/);
    expect(judge(refuseCase, answer({ status: 302 }))).toMatch(/instead of refusing/);
    expect(judge(refuseCase, answer({ status: null, outcome: "timeout" }))).toMatch(/no answer/);
    expect(judge(refuseCase, answer({ status: null, outcome: "closed" }))).toMatch(/closed/);
    expect(judge(refuseCase, answer({ head: "http/1.1 400 x\r\nx-injected: yes" }))).toMatch(
      /injected/,
    );
  });

  it("when an answer carries a file from outside /static, then it is reported as a leak", () => {
    const leak = answer({ status: 200, body: '{ "name": "@voting/app" }' });
    expect(judge({ ...refuseCase, expect: { kind: "answer" } }, leak)).toMatch(/leaked/);
  });
});

describe("reading HTML for live markup", () => {
  it("when markup is escaped, then no foreign element or handler is found", () => {
    const html =
      '<button value="&#34;&gt;&lt;svg/onload=alert(2)&gt;">&lt;img onerror=x&gt;</button>';
    expect([...elementsIn(html)]).toEqual(["button"]);
    expect(attributeNames(html)).toEqual(["value"]);
  });

  it("when markup is not escaped, then the element and its handler are found", () => {
    const html = '<button value=""><svg/onload=alert(2)>"><img src=x onerror=alert(1)></button>';
    expect(elementsIn(html)).toEqual(new Set(["button", "svg", "img"]));
    expect(attributeNames(html)).toEqual(expect.arrayContaining(["onload", "onerror"]));
  });
});

describe("the delay proxy", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("when a delay is set, then an answer is held exactly that long, and passes at once without it", async () => {
    // The proxy's clock and timers are fake; the sockets are real.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
    const echo = createServer((socket) => socket.on("data", (chunk) => socket.write(chunk)));
    echo.listen(0, "127.0.0.1");
    await once(echo, "listening");
    const proxy = await startDelayProxy({
      host: "127.0.0.1",
      port: (echo.address() as AddressInfo).port,
    });
    const socket = connect({ host: "127.0.0.1", port: proxy.port });
    const received: string[] = [];
    socket.on("data", (chunk: Buffer) => received.push(chunk.toString()));
    try {
      await once(socket, "connect");
      proxy.setDelay(300);
      socket.write("slow");
      // Not expect.poll: under fake timers it advances the clock while it waits.
      while (proxy.held() < 1) await new Promise((resolve) => setImmediate(resolve));
      await vi.advanceTimersByTimeAsync(299);
      expect(received).toEqual([]);
      await vi.advanceTimersByTimeAsync(1);
      await expect.poll(() => received).toEqual(["slow"]);

      proxy.setDelay(0);
      socket.write("fast");
      await expect.poll(() => received).toEqual(["slow", "fast"]);
    } finally {
      socket.destroy();
      await proxy.close();
      echo.close();
    }
  });
});

describe("the report", () => {
  const result: ScenarioResult = {
    scenario: "Redis outage",
    load: "8 clients, 100 votes",
    faults: "Redis paused 2.0 s",
    badInputs: 0,
    lostVotes: 0,
    maxFaultLatencyMs: 1012,
    violations: [],
    figures: {},
  };

  it("when a scenario fails, then its row says FAIL and why, with pipes escaped", () => {
    const table = resultsTable([result, { ...result, violations: ["a | b"] }]);
    expect(table).toContain(
      "| Redis outage | 8 clients, 100 votes | Redis paused 2.0 s | — | 0 | 1012 ms | pass |",
    );
    expect(table).toContain("**FAIL**: a \\| b |");
  });

  it("when the table is written, then only the section between the markers changes", () => {
    const doc = "intro\n<!-- faults:results:start -->\nold\n<!-- faults:results:end -->\nafter\n";
    expect(replaceSection(doc, "new")).toBe(
      "intro\n<!-- faults:results:start -->\nnew\n<!-- faults:results:end -->\nafter\n",
    );
    expect(() => replaceSection("no markers", "x")).toThrow(/section/);
  });
});

describe("slow clients' requests", () => {
  it("when a client stalls in its headers, then what it sent never ends them", () => {
    const sent = slowRequestBytes("voting-app", "headers").toString("latin1");
    expect(sent).toMatch(/^GET \/ HTTP\/1\.1\r\n/);
    expect(sent.endsWith("\r\n")).toBe(true);
    expect(sent).not.toContain("\r\n\r\n");
  });

  it("when a client sends a short body, then its headers are complete and the body is shorter than promised", () => {
    const sent = slowRequestBytes("voting-analytics", "body").toString("latin1");
    const [head, body] = sent.split("\r\n\r\n") as [string, string];
    expect(head).toMatch(/^POST \/analytics HTTP\/1\.1\r\n/);
    const promised = Number(/content-length: (\d+)/i.exec(head)?.[1]);
    expect(body.length).toBeGreaterThan(0);
    expect(body.length).toBeLessThan(promised);
  });
});
