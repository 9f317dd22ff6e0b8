import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { installFakeTools, type FakeRule, type FakeTools } from "./support/fake-tools.js";
import { scriptsDir } from "./support/repo.js";
import { run } from "./support/run.js";

const script = path.join(scriptsDir, "check-mtls.sh");

const pods: Record<string, string> = {
  "istio-system istio=ingressgateway": "istio-ingressgateway-5c8f9",
  "voting app=voting-app": "voting-app-1-0-aaaaa voting-app-1-0-bbbbb",
  "voting app=voting-app,version=1.0": "voting-app-1-0-aaaaa voting-app-1-0-bbbbb",
  "voting app=voting-analytics": "voting-analytics-1-1-ccccc",
  "voting app=voting-analytics,version=1.1": "voting-analytics-1-1-ccccc",
  "voting app=voting-storage,version=1.0": "voting-storage-1-0-ddddd",
};

function describePod(mode: string): string {
  return [
    "Pod: some-pod",
    "   Pod Revision: default",
    "   Pod Ports: 8080 (app), 15090 (istio-proxy)",
    "--------------------",
    "Effective PeerAuthentication:",
    `   Workload mTLS mode: ${mode}`,
    "Applied PeerAuthentication:",
    "   default.voting",
    "",
  ].join("\n");
}

/** `istioctl proxy-config cluster -o json` for two subsets of host:port, with or without mTLS. */
function clusters(host: string, port: string, mutualTls: boolean): string {
  const cluster = (subset: string) => ({
    name: `outbound|${port}|${subset}|${host}`,
    type: "EDS",
    ...(mutualTls && {
      transportSocket: {
        name: "envoy.transport_sockets.tls",
        typedConfig: {
          "@type":
            "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext",
          commonTlsContext: {
            tlsCertificateSdsSecretConfigs: [{ name: "default" }],
            alpnProtocols: ["istio-peer-exchange", "istio"],
          },
          sni: `outbound_.${port}_.${subset}_.${host}`,
        },
      },
    }),
  });
  return JSON.stringify([cluster("v1-0"), cluster("v1-1")], null, 4) + "\n";
}

function metric(name: string, labels: Record<string, string>, value: number): string {
  const text = Object.entries(labels)
    .map(([key, label]) => `${key}="${label}"`)
    .join(",");
  return `${name}{${text}} ${value}`;
}

function request(
  app: string,
  version: string,
  policy: string,
  value: number,
  reporter = "destination",
) {
  return metric(
    "istio_requests_total",
    {
      reporter,
      source_workload: `${app}-x`,
      source_app: app,
      source_version: version,
      request_protocol: "http",
      response_code: "200",
      connection_security_policy: policy,
    },
    value,
  );
}

function connection(app: string, version: string, policy: string, value: number) {
  return metric(
    "istio_tcp_connections_opened_total",
    {
      reporter: "destination",
      source_app: app,
      source_version: version,
      connection_security_policy: policy,
    },
    value,
  );
}

interface Mesh {
  storageMode?: string;
  analyticsClustersMutual?: boolean;
  analyticsStats?: string[];
  noTraffic?: boolean;
  missingPods?: string;
}

/** kubectl and istioctl stand-ins answering as a cluster after step 2 would, changed as asked. */
function meshTools(mesh: Mesh = {}): FakeTools {
  const kubectl: FakeRule[] = Object.entries(pods).map(([key, names]) => {
    const [namespace, labels] = key.split(" ");
    return {
      when: `^-n ${namespace} get pods -l ${labels} --field-selector=status.phase=Running `,
      stdout: key === mesh.missingPods ? "" : names,
    };
  });
  const stats = (pod: string, lines: string[]) => ({
    when: `^-n voting exec ${pod} -c istio-proxy -- pilot-agent request GET stats/prometheus$`,
    stdout: mesh.noTraffic ? "# no traffic yet\n" : ["# TYPE x counter", ...lines, ""].join("\n"),
  });
  kubectl.push(
    stats("voting-app-1-0-aaaaa", [
      request("istio-ingressgateway", "unknown", "mutual_tls", 12),
      request("voting-app", "1.0", "unknown", 99, "source"),
    ]),
    stats("voting-app-1-0-bbbbb", [request("istio-ingressgateway", "unknown", "mutual_tls", 8)]),
    stats(
      "voting-analytics-1-1-ccccc",
      mesh.analyticsStats ?? [request("voting-app", "1.0", "mutual_tls", 20)],
    ),
    stats("voting-storage-1-0-ddddd", [
      connection("voting-app", "1.0", "mutual_tls", 4),
      connection("voting-analytics", "1.1", "mutual_tls", 3),
      // Analytics 1.0 is no link of the tutorial's: its traffic must not count for 1.1.
      connection("voting-analytics", "1.0", "none", 2),
    ]),
  );
  const istioctl: FakeRule[] = [
    {
      when: "^x describe pod voting-storage-\\S+ -n voting$",
      stdout: describePod(mesh.storageMode ?? "STRICT"),
    },
    { when: "^x describe pod \\S+ -n voting$", stdout: describePod("STRICT") },
  ];
  for (const [host, port] of [
    ["voting-app", "8080"],
    ["voting-analytics", "8080"],
    ["voting-storage", "6379"],
  ] as const) {
    const fqdn = `${host}.voting.svc.cluster.local`;
    const mutual = host === "voting-analytics" ? (mesh.analyticsClustersMutual ?? true) : true;
    istioctl.push({
      when: `^proxy-config cluster \\S+ -n \\S+ --fqdn ${fqdn.replace(/\./g, "\\.")} --port ${port} -o json$`,
      stdout: clusters(fqdn, port, mutual),
    });
  }
  return installFakeTools({ kubectl, istioctl });
}

/** The report's block for one link, from its title to its verdict. */
function linkReport(stdout: string, title: string): string {
  const start = stdout.indexOf(`${title}\n`);
  expect(start, `no report for ${title}`).toBeGreaterThanOrEqual(0);
  const end = stdout.indexOf("\n\n", start);
  return stdout.slice(start, end);
}

const links = [
  "ingress gateway -> voting-app:8080",
  "voting-app -> voting-analytics:8080",
  "voting-app 1.0 -> voting-storage:6379",
  "voting-analytics 1.1 -> voting-storage:6379",
];

// Each run calls the stand-ins some thirty times: allow for a busy machine.
describe("scripts/check-mtls.sh with stand-in kubectl and istioctl", { timeout: 60_000 }, () => {
  let fakes: FakeTools | undefined;
  afterEach(() => fakes?.cleanup());

  it("when every link is STRICT, sends Istio TLS and carried only mTLS traffic, then all four pass", async () => {
    fakes = meshTools();

    const result = await run(script, [], { env: fakes.env });

    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    for (const title of links) expect(linkReport(result.stdout, title)).toMatch(/\n {2}OK$/);
    expect(linkReport(result.stdout, links[0]!)).toContain(
      "traffic  20 requests over mutual TLS, 0 without (istio_requests_total at the server)",
    );
    expect(linkReport(result.stdout, links[0]!)).toContain(
      "client   istio-ingressgateway-5c8f9: 2 of 2 routes to voting-app:8080 send Istio mutual TLS",
    );
    expect(linkReport(result.stdout, links[3]!)).toContain(
      "traffic  3 connections over mutual TLS, 0 without",
    );
    expect(result.stdout).toContain("All 4 links use mutual TLS.");
  });

  it("when the store accepts plain text too (PERMISSIVE), then both links to it fail", async () => {
    fakes = meshTools({ storageMode: "PERMISSIVE" });

    const result = await run(script, [], { env: fakes.env });

    expect(result.code).toBe(1);
    expect(linkReport(result.stdout, links[2]!)).toContain("Workload mTLS mode PERMISSIVE");
    expect(linkReport(result.stdout, links[2]!)).toMatch(/FAILED$/);
    expect(linkReport(result.stdout, links[3]!)).toMatch(/FAILED$/);
    expect(linkReport(result.stdout, links[0]!)).toMatch(/OK$/);
    expect(result.stdout).toContain("2 of 4 links failed the check.");
  });

  it("when a client's routes to the server send plain text, then that link fails", async () => {
    fakes = meshTools({ analyticsClustersMutual: false });

    const result = await run(script, [], { env: fakes.env });

    expect(result.code).toBe(1);
    const report = linkReport(result.stdout, links[1]!);
    expect(report).toContain(
      "voting-app-1-0-aaaaa: 0 of 2 routes to voting-analytics:8080 send Istio mutual TLS",
    );
    expect(report).toMatch(/FAILED$/);
    expect(result.stdout).toContain("1 of 4 links failed the check.");
  });

  it("when the server saw plain-text requests from the client, then that link fails", async () => {
    fakes = meshTools({
      analyticsStats: [
        request("voting-app", "1.0", "mutual_tls", 20),
        request("voting-app", "1.0", "none", 3),
      ],
    });

    const result = await run(script, [], { env: fakes.env });

    expect(result.code).toBe(1);
    const report = linkReport(result.stdout, links[1]!);
    expect(report).toContain("traffic  20 requests over mutual TLS, 3 without");
    expect(report).toMatch(/FAILED$/);
  });

  it("when no traffic went over a link yet, then it says to send some, and the configuration alone decides", async () => {
    fakes = meshTools({ noTraffic: true });

    const result = await run(script, [], { env: fakes.env });

    expect(result.code).toBe(0);
    expect(linkReport(result.stdout, links[0]!)).toContain(
      "traffic  none seen from istio-ingressgateway yet: send some requests (scripts/results-loop.sh)",
    );
  });

  it("when no analytics 1.1 pod runs, then its link fails and names the missing pods", async () => {
    fakes = meshTools({ missingPods: "voting app=voting-analytics,version=1.1" });

    const result = await run(script, [], { env: fakes.env });

    expect(result.code).toBe(1);
    const report = linkReport(result.stdout, links[3]!);
    expect(report).toContain(
      "client   no running pod labelled app=voting-analytics,version=1.1 in voting",
    );
    expect(report).toMatch(/FAILED$/);
  });

  it("when istioctl is missing, then it says so and exits 2", async () => {
    fakes = installFakeTools({ kubectl: [] });
    const pathWithoutIstioctl = (fakes.env.PATH ?? "")
      .split(path.delimiter)
      .filter((dir) => !dir.includes("istio"))
      .join(path.delimiter);

    const result = await run(script, [], { env: { ...fakes.env, PATH: pathWithoutIstioctl } });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain("istioctl is not installed");
  });
});
