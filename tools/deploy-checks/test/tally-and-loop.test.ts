import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  counts10,
  counts11,
  startPageServer,
  votingPage,
  type PageAnswer,
  type PageServer,
} from "./support/page-server.js";
import { installFakeTools, type FakeTools } from "./support/fake-tools.js";
import { scriptsDir } from "./support/repo.js";
import { run } from "./support/run.js";
import {
  aksAddon,
  istioctlInstall,
  kubectlRules,
  literal,
  noIstio,
  withGateway,
  type StandInCluster,
} from "./support/stand-in-cluster.js";

const tally = path.join(scriptsDir, "tally.sh");
const resultsLoop = path.join(scriptsDir, "results-loop.sh");

/** "app 1.0 / analytics 1.1" -> count, from the tally's output; "no answer" included. */
function parseTally(stdout: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const match of stdout.matchAll(/^ *(\d+) {2}(.+)$/gm)) {
    counts.set(match[2]!, Number(match[1]));
  }
  return counts;
}

const app10analytics10 = votingPage({ app: "1.0", analytics: "1.0", results: counts10 });
const app10analytics11 = votingPage({ app: "1.0", analytics: "1.1", results: counts11 });
const app20analytics20 = votingPage({ app: "2.0", analytics: "2.0", results: counts11 });

describe("scripts/tally.sh and scripts/results-loop.sh against a fake voting app", () => {
  let server: PageServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function serve(answer: (index: number, cookie: string) => PageAnswer) {
    server = await startPageServer((request, index) => answer(index, request.headers.cookie ?? ""));
    return server;
  }

  it("when three version pairs answer in turn, then the tally counts each pair", async () => {
    const pages = [app10analytics10, app10analytics11, app20analytics20];
    const { address } = await serve((index) => ({ body: pages[index % 3]! }));

    const result = await run(tally, [address, "9"]);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Sent 9 requests to http://${address}/`);
    expect(parseTally(result.stdout)).toEqual(
      new Map([
        ["app 1.0 / analytics 1.0", 3],
        ["app 1.0 / analytics 1.1", 3],
        ["app 2.0 / analytics 2.0", 3],
        ["no answer", 0],
      ]),
    );
  });

  it("when one pair answers more often, then it is listed first", async () => {
    const { address } = await serve((index) => ({
      body: index % 4 === 0 ? app10analytics11 : app20analytics20,
    }));

    const result = await run(tally, [address, "8"]);

    const lines = result.stdout.split("\n").filter((line) => line.includes(" / "));
    expect(lines.map((line) => line.trim())).toEqual([
      "6  app 2.0 / analytics 2.0",
      "2  app 1.0 / analytics 1.1",
    ]);
  });

  it("when a cookie is given, then every request carries it and the routed version is counted", async () => {
    const { address, cookies } = await serve((_index, cookie) => ({
      body: /(^|; ?)featureflag=on(;|$)/.test(cookie) ? app20analytics20 : app10analytics11,
    }));

    const result = await run(tally, [`http://${address}`, "5", "featureflag=on"]);

    expect(result.code).toBe(0);
    expect(cookies).toEqual(Array(5).fill("featureflag=on"));
    expect(result.stdout).toContain("with Cookie: featureflag=on");
    expect(parseTally(result.stdout).get("app 2.0 / analytics 2.0")).toBe(5);
    expect(parseTally(result.stdout).has("app 1.0 / analytics 1.1")).toBe(false);
  });

  it("when some requests fail, then they are counted as no answer and the exit code is 1", async () => {
    const { address } = await serve((index) =>
      index % 3 === 2
        ? { status: 503, body: "upstream connect error" }
        : { body: app10analytics11 },
    );

    const result = await run(tally, [address, "6"]);

    expect(result.code).toBe(1);
    expect(parseTally(result.stdout)).toEqual(
      new Map([
        ["app 1.0 / analytics 1.1", 4],
        ["no answer", 2],
      ]),
    );
  });

  it("when the page has no version markers, then the results line tells the analytics version", async () => {
    const pages = [
      votingPage({ results: counts10 }),
      votingPage({ results: counts11 }),
      votingPage({ results: "Cats: 0/0 (0%) | Dogs: 0/0 (0%)" }),
      votingPage({ results: "results unavailable" }),
    ];
    const { address } = await serve((index) => ({ body: pages[index % 4]! }));

    const result = await run(tally, [address, "4"]);

    expect(parseTally(result.stdout)).toEqual(
      new Map([
        ["app ? / analytics 1.1-or-2.0", 2],
        ["app ? / analytics 1.0", 1],
        ["app ? / analytics ?", 1],
        ["no answer", 0],
      ]),
    );
  });

  it("when N is not a positive whole number, then the tally refuses to start", async () => {
    for (const count of ["0", "-3", "ten"]) {
      const result = await run(tally, ["127.0.0.1:9", count]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/N must be a whole number above 0|unknown option/);
    }
  });

  it("when the loop runs COUNT times, then it prints the page's results line each time, as the tutorial shows", async () => {
    const pages = [app10analytics10, app10analytics11];
    const { address } = await serve((index) => ({ body: pages[index % 2]! }));

    const result = await run(resultsLoop, [address, "5"]);

    expect(result.code).toBe(0);
    expect(result.stdout.split("\n").filter((line) => line !== "")).toEqual([
      `  <div id="results"> ${counts10} </div>`,
      `  <div id="results"> ${counts11} </div>`,
      `  <div id="results"> ${counts10} </div>`,
      `  <div id="results"> ${counts11} </div>`,
      `  <div id="results"> ${counts10} </div>`,
    ]);
    expect(server?.cookies).toHaveLength(5);
  });

  it("when no COUNT is given, then the loop asks five times, at INGRESS_IP when no ADDRESS is given", async () => {
    const { address, cookies } = await serve(() => ({ body: app10analytics11 }));

    const result = await run(resultsLoop, [], { env: { ...process.env, INGRESS_IP: address } });

    expect(result.code).toBe(0);
    expect(cookies).toHaveLength(5);
    expect(result.stdout.trim().split("\n")).toHaveLength(5);
  });

  it("when a request fails, then the loop reports it, goes on, and exits 1", async () => {
    const { address } = await serve((index) =>
      index === 1 ? { status: 500, body: "boom" } : { body: app10analytics11 },
    );

    const result = await run(resultsLoop, [address, "3"]);

    expect(result.code).toBe(1);
    expect(result.stdout.trim().split("\n")).toHaveLength(2);
    expect(result.stderr).toContain("request 2: no answer");
  });
});

describe("scripts/tally.sh and scripts/results-loop.sh without an address, with stand-in kubectl and curl", () => {
  let fakes: FakeTools | undefined;
  afterEach(() => fakes?.cleanup());

  /** kubectl answering as the cluster, and curl serving the page at http://ADDRESS/ alone. */
  function standIn(cluster: StandInCluster, address: string): NodeJS.ProcessEnv {
    fakes = installFakeTools({
      kubectl: kubectlRules(cluster),
      curl: [{ when: `${literal(`http://${address}/`)}$`, stdout: app10analytics11 }],
    });
    const { INGRESS_IP: _ip, INGRESS_SERVICE: _service, ...env } = fakes.env;
    return env;
  }

  const urls = () =>
    (fakes?.calls() ?? []).filter(([tool]) => tool === "curl").map((call) => call.at(-1));

  it("when the AKS add-on runs, then the loop asks its ingress and says so on stderr", async () => {
    const env = standIn(aksAddon(), "20.61.10.9");

    const result = await run(resultsLoop, [], { env });

    expect(result.code).toBe(0);
    expect(urls()).toEqual(Array(5).fill("http://20.61.10.9/"));
    expect(result.stdout.trim().split("\n")).toHaveLength(5);
    expect(result.stderr).toContain(
      "ingress-ip: using the service/aks-istio-ingressgateway-external in namespace aks-istio-ingress",
    );
  });

  it("when the ADDRESS is empty and a Gateway API gateway has a host name, then the tally goes there with the cookie", async () => {
    const env = standIn(withGateway(istioctlInstall(), ["voting.example"]), "voting.example");

    const result = await run(tally, ["", "3", "featureflag=on"], { env });

    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      "Sent 3 requests to http://voting.example/ with Cookie: featureflag=on",
    );
    expect(urls()).toEqual(Array(3).fill("http://voting.example/"));
  });

  it("when INGRESS_SERVICE names a Service, then the tally's address comes from it", async () => {
    const env = standIn(withGateway(istioctlInstall()), "20.61.10.7");

    const result = await run(tally, [], {
      env: { ...env, INGRESS_SERVICE: "istio-system/istio-ingressgateway" },
    });

    expect(result.code).toBe(0);
    expect(urls()).toHaveLength(20);
    expect(new Set(urls())).toEqual(new Set(["http://20.61.10.7/"]));
  });

  it("when INGRESS_IP is set, then the cluster is not asked", async () => {
    const env = standIn(istioctlInstall(), "10.0.0.1:8080");

    const result = await run(tally, ["", "2"], { env: { ...env, INGRESS_IP: "10.0.0.1:8080" } });

    expect(result.code).toBe(0);
    expect(fakes?.calls().filter(([tool]) => tool === "kubectl")).toEqual([]);
  });

  it("when no ingress is installed, then the loop and the tally list what was looked for, send nothing and exit 2", async () => {
    const env = standIn(noIstio(), "unused");

    for (const script of [resultsLoop, tally]) {
      const result = await run(script, [], { env });

      expect(result.code).toBe(2);
      expect(result.stderr).toContain(
        "ingress-ip: found no ingress gateway. Looked for, in this order:",
      );
      expect(result.stderr).toContain("no ADDRESS given, and none found");
    }
    expect(urls()).toEqual([]);
  });
});
