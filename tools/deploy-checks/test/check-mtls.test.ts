import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { installFakeTools, type FakeRule, type FakeTools } from "./support/fake-tools.js";
import { scriptsDir } from "./support/repo.js";
import { run } from "./support/run.js";
import {
  aksAddon,
  helmInstall,
  istioctlInstall,
  kubectlRules,
  literal,
  noIstio,
  withGateway,
  type StandInCluster,
} from "./support/stand-in-cluster.js";

const script = path.join(scriptsDir, "check-mtls.sh");

/** The ingress gateway's pod on each install, by the labels its Service selects. */
const ingressPods: Record<string, string> = {
  "istio-system app=istio-ingressgateway,istio=ingressgateway": "istio-ingressgateway-5c8f9",
  "istio-ingress app=istio-ingress,istio=ingress": "istio-ingress-6d9c7",
  "aks-istio-ingress app=aks-istio-ingressgateway-external,istio=aks-istio-ingressgateway-external":
    "aks-istio-ingressgateway-external-asm-1-28-7f6b8",
  "voting gateway.networking.k8s.io/gateway-name=voting-app-gateway":
    "voting-app-gateway-istio-8b5d4",
};

const pods: Record<string, string> = {
  ...ingressPods,
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

/** A request counter as Istio's sidecar reports it; a gateway's pods have no app label. */
function request(
  source: string,
  version: string,
  policy: string,
  value: number,
  reporter = "destination",
) {
  const gateway = /gateway|ingress/.test(source);
  return metric(
    "istio_requests_total",
    {
      reporter,
      source_workload: `${source}-x`,
      source_canonical_service: source,
      source_app: gateway ? "unknown" : source,
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
  /** The Istio install the stand-ins answer as (default: upstream Istio by istioctl). */
  cluster?: StandInCluster;
  /** The canonical service of the ingress gateway's requests in the server's metrics. */
  ingressSource?: string;
  storageMode?: string;
  analyticsClustersMutual?: boolean;
  analyticsStats?: string[];
  noTraffic?: boolean;
  missingPods?: string;
}

/** kubectl and istioctl stand-ins answering as a cluster after step 2 would, changed as asked. */
function meshTools(mesh: Mesh = {}): FakeTools {
  const kubectl: FakeRule[] = Object.entries(pods).map(([key, names]) => {
    const [namespace = "", labels = ""] = key.split(" ");
    return {
      when: `^-n ${literal(namespace)} get pods -l ${literal(labels)} --field-selector=status.phase=Running `,
      stdout: key === mesh.missingPods ? "" : names,
    };
  });
  const ingress = mesh.ingressSource ?? "istio-ingressgateway";
  const stats = (pod: string, lines: string[]) => ({
    when: `^-n voting exec ${pod} -c istio-proxy -- pilot-agent request GET stats/prometheus$`,
    stdout: mesh.noTraffic ? "# no traffic yet\n" : ["# TYPE x counter", ...lines, ""].join("\n"),
  });
  kubectl.push(
    stats("voting-app-1-0-aaaaa", [
      request(ingress, "unknown", "mutual_tls", 12),
      request("voting-app", "1.0", "unknown", 99, "source"),
    ]),
    stats("voting-app-1-0-bbbbb", [request(ingress, "unknown", "mutual_tls", 8)]),
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
    ...kubectlRules(mesh.cluster ?? istioctlInstall()),
  );
  const istioctl: FakeRule[] = [
    {
      when: "^x describe pod voting-storage-\\S+ -n voting --istioNamespace \\S+$",
      stdout: describePod(mesh.storageMode ?? "STRICT"),
    },
    {
      when: "^x describe pod \\S+ -n voting --istioNamespace \\S+$",
      stdout: describePod("STRICT"),
    },
  ];
  for (const [host, port] of [
    ["voting-app", "8080"],
    ["voting-analytics", "8080"],
    ["voting-storage", "6379"],
  ] as const) {
    const fqdn = `${host}.voting.svc.cluster.local`;
    const mutual = host === "voting-analytics" ? (mesh.analyticsClustersMutual ?? true) : true;
    istioctl.push({
      when: `^proxy-config cluster \\S+ -n \\S+ --fqdn ${literal(fqdn)} --port ${port} -o json --istioNamespace \\S+$`,
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

// Each run calls the stand-ins some thirty times, bash scripts all: allow for a busy machine,
// both in the run itself (run() stops a command after 15 s by default) and in each test.
const RUN_TIMEOUT_MS = 50_000;
const checkMtls = (args: string[], env: NodeJS.ProcessEnv) =>
  run(script, args, { env, timeoutMs: RUN_TIMEOUT_MS });

describe("scripts/check-mtls.sh with stand-in kubectl and istioctl", { timeout: 60_000 }, () => {
  let fakes: FakeTools | undefined;
  afterEach(() => fakes?.cleanup());

  it("when every link is STRICT, sends Istio TLS and carried only mTLS traffic, then all four pass", async () => {
    fakes = meshTools();

    const result = await checkMtls([], fakes.env);

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

    const result = await checkMtls([], fakes.env);

    expect(result.code).toBe(1);
    expect(linkReport(result.stdout, links[2]!)).toContain("Workload mTLS mode PERMISSIVE");
    expect(linkReport(result.stdout, links[2]!)).toMatch(/FAILED$/);
    expect(linkReport(result.stdout, links[3]!)).toMatch(/FAILED$/);
    expect(linkReport(result.stdout, links[0]!)).toMatch(/OK$/);
    expect(result.stdout).toContain("2 of 4 links failed the check.");
  });

  it("when a client's routes to the server send plain text, then that link fails", async () => {
    fakes = meshTools({ analyticsClustersMutual: false });

    const result = await checkMtls([], fakes.env);

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

    const result = await checkMtls([], fakes.env);

    expect(result.code).toBe(1);
    const report = linkReport(result.stdout, links[1]!);
    expect(report).toContain("traffic  20 requests over mutual TLS, 3 without");
    expect(report).toMatch(/FAILED$/);
  });

  it("when no traffic went over a link yet, then it says to send some, and the configuration alone decides", async () => {
    fakes = meshTools({ noTraffic: true });

    const result = await checkMtls([], fakes.env);

    expect(result.code).toBe(0);
    expect(linkReport(result.stdout, links[0]!)).toContain(
      "traffic  none seen from istio-ingressgateway yet: send some requests (scripts/results-loop.sh)",
    );
  });

  it("when no analytics 1.1 pod runs, then its link fails and names the missing pods", async () => {
    fakes = meshTools({ missingPods: "voting app=voting-analytics,version=1.1" });

    const result = await checkMtls([], fakes.env);

    expect(result.code).toBe(1);
    const report = linkReport(result.stdout, links[3]!);
    expect(report).toContain(
      "client   no running pod labelled app=voting-analytics,version=1.1 in voting",
    );
    expect(report).toMatch(/FAILED$/);
  });

  it("when every link passes on istioctl's install, then istioctl is told istio-system and the report names the ingress", async () => {
    fakes = meshTools();

    const result = await checkMtls([], fakes.env);

    expect(result.stdout.split("\n")[0]).toBe(
      "Istio in istio-system; ingress gateway: service/istio-ingressgateway in istio-system " +
        "(pods app=istio-ingressgateway,istio=ingressgateway)",
    );
    const istioctlCalls = fakes.calls().filter(([tool]) => tool === "istioctl");
    expect(istioctlCalls.length).toBeGreaterThan(0);
    for (const call of istioctlCalls)
      expect(call.slice(-2)).toEqual(["--istioNamespace", "istio-system"]);
  });

  it("when the AKS add-on runs, then every istioctl call gets --istioNamespace aks-istio-system and the add-on's gateway is the first client", async () => {
    fakes = meshTools({ cluster: aksAddon(), ingressSource: "aks-istio-ingressgateway-external" });

    const result = await checkMtls([], fakes.env);

    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const istioctlCalls = fakes.calls().filter(([tool]) => tool === "istioctl");
    // Five server pods described, six client pods' clusters read.
    expect(istioctlCalls).toHaveLength(5 + 6);
    for (const call of istioctlCalls) {
      expect(call.slice(-2), call.join(" ")).toEqual(["--istioNamespace", "aks-istio-system"]);
    }
    const report = linkReport(result.stdout, links[0]!);
    expect(report).toContain(
      "client   aks-istio-ingressgateway-external-asm-1-28-7f6b8: 2 of 2 routes to voting-app:8080 send Istio mutual TLS",
    );
    expect(report).toContain("traffic  20 requests over mutual TLS, 0 without");
    expect(report).toMatch(/OK$/);
  });

  it("when Istio's gateway chart was installed by Helm, then its pods (istio=ingress) are the first link's clients", async () => {
    fakes = meshTools({ cluster: helmInstall(), ingressSource: "istio-ingress" });

    const result = await checkMtls([], fakes.env);

    expect(result.code).toBe(0);
    const report = linkReport(result.stdout, links[0]!);
    expect(report).toContain("client   istio-ingress-6d9c7: 2 of 2 routes");
    expect(report).toContain("traffic  20 requests over mutual TLS, 0 without");
  });

  it("when a Gateway API gateway serves the app, then its pods in the app's namespace are the first link's clients, counted by canonical service", async () => {
    fakes = meshTools({
      cluster: withGateway(aksAddon()),
      ingressSource: "voting-app-gateway-istio",
    });

    const result = await checkMtls([], fakes.env);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      "ingress gateway: service/voting-app-gateway-istio in voting " +
        "(pods gateway.networking.k8s.io/gateway-name=voting-app-gateway)",
    );
    const report = linkReport(result.stdout, links[0]!);
    expect(report).toContain("client   voting-app-gateway-istio-8b5d4: 2 of 2 routes");
    expect(report).toContain("traffic  20 requests over mutual TLS, 0 without");
  });

  it("when the server's metrics name another ingress than the one found, then its traffic is not counted for this one", async () => {
    fakes = meshTools({ cluster: helmInstall(), ingressSource: "istio-ingressgateway" });

    const result = await checkMtls([], fakes.env);

    expect(linkReport(result.stdout, links[0]!)).toContain(
      "traffic  none seen from istio-ingress yet",
    );
  });

  it("when --istio-namespace and --ingress-service are given, then nothing is looked for and those are used", async () => {
    fakes = meshTools({ cluster: helmInstall(), ingressSource: "istio-ingress" });

    const result = await checkMtls(
      ["--istio-namespace", "mesh-system", "--ingress-service", "istio-ingress/istio-ingress"],
      fakes.env,
    );

    expect(result.code).toBe(0);
    const kubectlCalls = fakes.calls().filter(([tool]) => tool === "kubectl");
    expect(kubectlCalls.filter((call) => call.includes("--ignore-not-found"))).toEqual([]);
    expect(kubectlCalls.filter((call) => call.includes("deployments"))).toEqual([]);
    for (const call of fakes.calls().filter(([tool]) => tool === "istioctl")) {
      expect(call.slice(-2)).toEqual(["--istioNamespace", "mesh-system"]);
    }
  });

  it("when no istiod runs in istio-system or aks-istio-system, then it asks for --istio-namespace and exits 2", async () => {
    fakes = meshTools({ cluster: noIstio() });

    const result = await checkMtls([], fakes.env);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain("found no istiod in istio-system or aks-istio-system");
    expect(fakes.calls().filter(([tool]) => tool === "istioctl")).toEqual([]);
  });

  it("when no ingress gateway exists, then it shows what was looked for and exits 2", async () => {
    const cluster = { ...istioctlInstall(), services: [] };
    fakes = meshTools({ cluster });

    const result = await checkMtls([], fakes.env);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "service/aks-istio-ingressgateway-external in namespace aks-istio-ingress",
    );
    expect(result.stderr).toContain(
      "check-mtls: found no ingress gateway: name its Service with --ingress-service",
    );
  });

  it("when istioctl is missing, then it says so and exits 2", async () => {
    fakes = installFakeTools({ kubectl: [] });
    const pathWithoutIstioctl = (fakes.env.PATH ?? "")
      .split(path.delimiter)
      .filter((dir) => !dir.includes("istio"))
      .join(path.delimiter);

    const result = await checkMtls([], { ...fakes.env, PATH: pathWithoutIstioctl });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain("istioctl is not installed");
  });
});
