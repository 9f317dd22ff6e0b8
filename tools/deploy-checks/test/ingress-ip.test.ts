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
  noIstio,
  unreachableCluster,
  withGateway,
  type StandInCluster,
} from "./support/stand-in-cluster.js";

const script = path.join(scriptsDir, "ingress-ip.sh");

/** The calls that ask whether a Gateway or Service exists, as "kind namespace/name". */
function lookups(fakes: FakeTools): string[] {
  return fakes
    .calls()
    .filter((call) => call.includes("--ignore-not-found"))
    .map((call) => `${call[4]} ${call[2]}/${call[5]}`);
}

const gatewayLookup = "gateways.gateway.networking.k8s.io voting/voting-app-gateway";
const serviceLookups = [
  "service istio-system/istio-ingressgateway",
  "service istio-ingress/istio-ingress",
  "service aks-istio-ingress/aks-istio-ingressgateway-external",
];

// Each run calls the stand-in a few times: allow for a busy machine.
describe("scripts/ingress-ip.sh with a stand-in kubectl", { timeout: 30_000 }, () => {
  let fakes: FakeTools | undefined;
  afterEach(() => fakes?.cleanup());

  // Neither the environment of the test run nor an earlier test may choose the ingress.
  const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => {
    const { INGRESS_SERVICE: _ignored, ...rest } = fakes?.env ?? {};
    return { ...rest, ...extra };
  };

  function standIn(cluster: StandInCluster | FakeRule[]): FakeTools {
    fakes = installFakeTools({
      kubectl: Array.isArray(cluster) ? cluster : kubectlRules(cluster),
    });
    return fakes;
  }

  it("when Istio was installed by istioctl, then it prints the IP of istio-system/istio-ingressgateway alone", async () => {
    const tools = standIn(istioctlInstall());

    const result = await run(script, [], { env: env() });

    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("20.61.10.7\n");
    expect(lookups(tools)).toEqual([gatewayLookup, serviceLookups[0]]);
    expect(tools.calls().at(-1)).toEqual([
      "kubectl",
      "-n",
      "istio-system",
      "get",
      "service",
      "istio-ingressgateway",
      "-o",
      "jsonpath={.status.loadBalancer.ingress[0].ip}",
    ]);
  });

  it("when Istio's gateway chart was installed by Helm, then it finds istio-ingress/istio-ingress after looking for istioctl's", async () => {
    const tools = standIn(helmInstall());

    const result = await run(script, [], { env: env() });

    expect(result.code).toBe(0);
    expect(result.stdout).toBe("20.61.10.8\n");
    expect(lookups(tools)).toEqual([gatewayLookup, ...serviceLookups.slice(0, 2)]);
  });

  it("when the AKS add-on runs, then it finds aks-istio-ingress/aks-istio-ingressgateway-external last", async () => {
    const tools = standIn(aksAddon());

    const result = await run(script, [], { env: env() });

    expect(result.code).toBe(0);
    expect(result.stdout).toBe("20.61.10.9\n");
    expect(lookups(tools)).toEqual([gatewayLookup, ...serviceLookups]);
  });

  it("when a Gateway API gateway voting-app-gateway exists, then its address wins over the Istio Services", async () => {
    const tools = standIn(withGateway(istioctlInstall()));

    const result = await run(script, [], { env: env() });

    expect(result.code).toBe(0);
    expect(result.stdout).toBe("20.61.10.10\n");
    expect(lookups(tools)).toEqual([gatewayLookup]);
    expect(tools.calls().at(-1)).toEqual([
      "kubectl",
      "-n",
      "voting",
      "get",
      "gateways.gateway.networking.k8s.io",
      "voting-app-gateway",
      "-o",
      "jsonpath={.status.addresses[*].value}",
    ]);
  });

  it("when the Gateway API is installed but has no voting-app-gateway, then the Istio Services are looked for", async () => {
    const tools = standIn({ ...aksAddon(), gatewayApi: true });

    const result = await run(script, [], { env: env() });

    expect(result.stderr).toBe("");
    expect(result.stdout).toBe("20.61.10.9\n");
    expect(lookups(tools)).toEqual([gatewayLookup, ...serviceLookups]);
  });

  it("when the Gateway's load balancer gives a host name, then it prints the host name", async () => {
    standIn(withGateway(aksAddon(), ["voting.westeurope.cloudapp.example"]));

    const result = await run(script, [], { env: env() });

    expect(result.stdout).toBe("voting.westeurope.cloudapp.example\n");
  });

  it("when the Gateway has only its Service's cluster-local name, then it has no address yet and the hint forwards to voting-app-gateway-istio", async () => {
    standIn(withGateway(istioctlInstall(), ["voting-app-gateway-istio.voting.svc.cluster.local"]));

    const result = await run(script, [], { env: env() });

    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(
      "the Gateway API gateway voting-app-gateway in namespace voting has no external address yet",
    );
    expect(result.stderr).toContain(
      "kubectl -n voting port-forward service/voting-app-gateway-istio 8080:80",
    );
  });

  it("when the Gateway lives in another namespace, then --app-namespace looks there", async () => {
    const cluster = withGateway(noIstio());
    cluster.gateways = [{ namespace: "shop", name: "voting-app-gateway", addresses: ["10.9.8.7"] }];
    const tools = standIn(cluster);

    const result = await run(script, ["--app-namespace", "shop"], { env: env() });

    expect(result.stdout).toBe("10.9.8.7\n");
    expect(lookups(tools)).toEqual(["gateways.gateway.networking.k8s.io shop/voting-app-gateway"]);
  });

  it("when the load balancer gives a host name instead of an IP, then it prints the host name", async () => {
    standIn(helmInstall({ address: { hostname: "voting.westeurope.cloudapp.example" } }));

    const result = await run(script, [], { env: env() });

    expect(result.code).toBe(0);
    expect(result.stdout).toBe("voting.westeurope.cloudapp.example\n");
  });

  it("when no ingress is installed, then it exits 1 and lists what it looked for, in order", async () => {
    standIn(noIstio());

    const result = await run(script, [], { env: env() });

    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    const listed = result.stderr
      .split("\n")
      .filter((line) => line.startsWith("  "))
      .map((line) => line.trim());
    expect(listed).toEqual([
      "gateways.gateway.networking.k8s.io/voting-app-gateway in namespace voting (Kubernetes Gateway API)",
      "service/istio-ingressgateway in namespace istio-system (Istio installed by istioctl)",
      "service/istio-ingress in namespace istio-ingress (Istio's gateway chart, installed by Helm)",
      "service/aks-istio-ingressgateway-external in namespace aks-istio-ingress (the AKS Istio add-on)",
    ]);
    expect(result.stderr).toContain("INGRESS_SERVICE=NAMESPACE/NAME");
  });

  it("when asked with --verbose, then it says on stderr which ingress it found, and stdout stays the address", async () => {
    standIn(aksAddon());

    const result = await run(script, ["--verbose"], { env: env() });

    expect(result.stdout).toBe("20.61.10.9\n");
    expect(result.stderr).toBe(
      "ingress-ip: using the service/aks-istio-ingressgateway-external in namespace aks-istio-ingress (the AKS Istio add-on)\n",
    );
  });

  it("when --print-service is given, then it prints the Service behind the ingress, a Gateway's included", async () => {
    standIn(withGateway(aksAddon()));
    const gateway = await run(script, ["--print-service"], { env: env() });
    fakes?.cleanup();
    standIn(helmInstall());
    const helm = await run(script, ["--print-service"], { env: env() });

    expect(gateway.stdout).toBe("voting/voting-app-gateway-istio\n");
    expect(helm.stdout).toBe("istio-ingress/istio-ingress\n");
  });

  it("when another namespace and Service are named, then kubectl is asked about those alone", async () => {
    const tools = standIn([{ when: "^-n gateways get service edge ", stdout: "10.1.2.3" }]);

    const result = await run(script, ["--namespace", "gateways", "--service", "edge"], {
      env: env(),
    });

    expect(result.code).toBe(0);
    expect(result.stdout).toBe("10.1.2.3\n");
    expect(lookups(tools)).toEqual([]);
  });

  it("when INGRESS_SERVICE names a Service, then that one is used, and the flags win over it", async () => {
    const tools = standIn(withGateway(istioctlInstall()));

    const fromEnv = await run(script, ["-v"], {
      env: env({ INGRESS_SERVICE: "istio-system/istio-ingressgateway" }),
    });
    const fromFlags = await run(
      script,
      ["--namespace", "voting", "--service", "voting-app-gateway-istio"],
      {
        env: env({ INGRESS_SERVICE: "istio-system/istio-ingressgateway" }),
      },
    );

    expect(fromEnv.stdout).toBe("20.61.10.7\n");
    expect(fromEnv.stderr).toContain("(from INGRESS_SERVICE)");
    expect(lookups(tools)).toEqual([]);
    expect(tools.calls().at(-1)?.slice(1, 6)).toEqual([
      "-n",
      "voting",
      "get",
      "service",
      "voting-app-gateway-istio",
    ]);
    expect(fromFlags.code).toBe(1);
  });

  it("when INGRESS_SERVICE is not NAMESPACE/NAME, then it refuses before asking kubectl", async () => {
    const tools = standIn([]);

    const result = await run(script, [], { env: env({ INGRESS_SERVICE: "istio-ingressgateway" }) });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain("INGRESS_SERVICE must be NAMESPACE/NAME");
    expect(tools.calls()).toEqual([]);
  });

  it("when the ingress's Service has no address yet, then it exits 1 and the hint forwards to that Service", async () => {
    standIn(helmInstall({ address: {} }));

    const result = await run(script, [], { env: env() });

    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("has no external address yet");
    expect(result.stderr).toContain(
      "kubectl -n istio-ingress port-forward service/istio-ingress 8080:80",
    );
  });

  it("when kubectl cannot reach the cluster, then its own error is shown and the script fails without guessing", async () => {
    const tools = standIn(unreachableCluster);

    const result = await run(script, [], { env: env() });

    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("The connection to the server localhost:8080 was refused");
    expect(result.stderr).not.toContain("found no ingress gateway");
    expect(tools.calls()).toHaveLength(1);
  });

  it("when a named Service does not exist, then kubectl's NotFound is shown and nothing else is tried", async () => {
    const tools = standIn(aksAddon());

    const result = await run(script, ["--service", "istio-ingressgateway"], { env: env() });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain("NotFound");
    expect(tools.calls()).toHaveLength(1);
  });

  it("when --wait is not a number, then it refuses before asking kubectl", async () => {
    const tools = standIn([]);

    const result = await run(script, ["--wait", "soon"], { env: env() });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--wait takes a whole number of seconds");
    expect(tools.calls()).toEqual([]);
  });
});
