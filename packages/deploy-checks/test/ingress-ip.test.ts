import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { installFakeTools, type FakeTools } from "./support/fake-tools.js";
import { scriptsDir } from "./support/repo.js";
import { run } from "./support/run.js";

const script = path.join(scriptsDir, "ingress-ip.sh");

describe("scripts/ingress-ip.sh with a stand-in kubectl", () => {
  let fakes: FakeTools | undefined;
  afterEach(() => fakes?.cleanup());

  it("when the gateway's load balancer has an IP, then it prints the IP alone", async () => {
    fakes = installFakeTools({
      kubectl: [{ when: "ingress\\[0\\]\\.ip", stdout: "20.61.10.7" }],
    });

    const result = await run(script, [], { env: fakes.env });

    expect(result.code).toBe(0);
    expect(result.stdout).toBe("20.61.10.7\n");
    expect(fakes.calls()).toEqual([
      [
        "kubectl",
        "-n",
        "istio-system",
        "get",
        "service",
        "istio-ingressgateway",
        "-o",
        "jsonpath={.status.loadBalancer.ingress[0].ip}",
      ],
    ]);
  });

  it("when the load balancer gives a host name instead of an IP, then it prints the host name", async () => {
    fakes = installFakeTools({
      kubectl: [
        { when: "ingress\\[0\\]\\.ip", stdout: "" },
        { when: "ingress\\[0\\]\\.hostname", stdout: "voting.westeurope.cloudapp.example" },
      ],
    });

    const result = await run(script, [], { env: fakes.env });

    expect(result.code).toBe(0);
    expect(result.stdout).toBe("voting.westeurope.cloudapp.example\n");
  });

  it("when another namespace and Service are named, then kubectl is asked about those", async () => {
    fakes = installFakeTools({
      kubectl: [{ when: "-n gateways get service edge ", stdout: "10.1.2.3" }],
    });

    const result = await run(script, ["--namespace", "gateways", "--service", "edge"], {
      env: fakes.env,
    });

    expect(result.code).toBe(0);
    expect(result.stdout).toBe("10.1.2.3\n");
  });

  it("when the Service has no address yet, then it exits 1 and explains how to get one on kind", async () => {
    fakes = installFakeTools({ kubectl: [{ when: "get service", stdout: "" }] });

    const result = await run(script, [], { env: fakes.env });

    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("has no external address yet");
    expect(result.stderr).toContain(
      "kubectl -n istio-system port-forward service/istio-ingressgateway 8080:80",
    );
  });

  it("when kubectl fails, then its own error is shown and the script fails without guessing", async () => {
    fakes = installFakeTools({
      kubectl: [
        {
          when: "get service",
          stderr: 'Error from server (NotFound): services "istio-ingressgateway" not found\n',
          exitCode: 1,
        },
      ],
    });

    const result = await run(script, [], { env: fakes.env });

    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("NotFound");
    expect(result.stderr).not.toContain("no external address yet");
    expect(fakes.calls()).toHaveLength(1);
  });

  it("when --wait is not a number, then it refuses before asking kubectl", async () => {
    fakes = installFakeTools({ kubectl: [] });

    const result = await run(script, ["--wait", "soon"], { env: fakes.env });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--wait takes a whole number of seconds");
    expect(fakes.calls()).toEqual([]);
  });
});
