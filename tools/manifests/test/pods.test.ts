import type { KubeObject } from "@voting/mesh";
import type { IDeployment } from "kubernetes-models/apps/v1/Deployment";
import type { IContainer } from "kubernetes-models/v1/Container";
import { describe, expect, it } from "vitest";
import { loadManifest } from "../src/index.js";

const files = [
  "k8s/step-1-create-voting-app.yaml",
  "k8s/step-2-update-voting-analytics-to-1.1.yaml",
  "k8s/step-3-update-voting-app-with-new-storage.yaml",
];
const objects: KubeObject[] = files.flatMap((file) => loadManifest(file));
const deployments = objects.filter(
  (object) => object.kind === "Deployment",
) as unknown as (IDeployment & {
  metadata: { name: string };
})[];
const byName = (name: string) =>
  deployments.find((deployment) => deployment.metadata.name === name)!;
const container = (name: string): IContainer => byName(name).spec!.template.spec!.containers[0]!;
const env = (name: string) =>
  Object.fromEntries(
    (container(name).env ?? []).map((variable) => [
      variable.name,
      variable.value ?? variable.valueFrom?.secretKeyRef,
    ]),
  );
const labelsOf = (deployment: IDeployment) => deployment.spec!.template.metadata!.labels!;
const services = deployments.filter((deployment) => labelsOf(deployment).app !== "voting-storage");

describe("pods follow the tutorial's naming", () => {
  it("when a Deployment is named, then it is <app>-<major>-<minor> of its pod's labels", () => {
    expect(deployments).toHaveLength(7);
    for (const deployment of deployments) {
      const { app, version } = labelsOf(deployment);
      expect(deployment.metadata.name).toBe(`${app}-${version!.replace(".", "-")}`);
    }
  });

  it("when the app is deployed, then it runs three replicas of each version", () => {
    expect([
      byName("voting-app-1-0").spec!.replicas,
      byName("voting-app-2-0").spec!.replicas,
    ]).toEqual([3, 3]);
  });
});

describe("pods are fit for production", () => {
  it.each(deployments.map((deployment) => deployment.metadata.name))(
    "when %s runs, then it is non-root, read-only, without capabilities, with requests and limits",
    (name) => {
      const pod = byName(name).spec!.template.spec!;
      expect(pod.securityContext?.runAsNonRoot).toBe(true);
      expect(pod.automountServiceAccountToken).toBe(false);
      for (const each of pod.containers) {
        expect(each.imagePullPolicy).toBe("IfNotPresent");
        expect(each.securityContext).toMatchObject({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ["ALL"] },
        });
        expect(Object.keys(each.resources?.requests ?? {}).sort()).toEqual(["cpu", "memory"]);
        expect(Object.keys(each.resources?.limits ?? {}).sort()).toEqual(["cpu", "memory"]);
        expect(each.readinessProbe).toBeDefined();
        expect(each.livenessProbe).toBeDefined();
      }
    },
  );

  it.each(services.map((deployment) => deployment.metadata.name))(
    "when %s is probed, then readiness asks /readyz and liveness /healthz on port http (8080)",
    (name) => {
      const each = container(name);
      expect(each.ports).toEqual([{ name: "http", containerPort: 8080 }]);
      expect(each.readinessProbe?.httpGet).toEqual({ path: "/readyz", port: "http" });
      expect(each.livenessProbe?.httpGet).toEqual({ path: "/healthz", port: "http" });
    },
  );

  it.each(services.map((deployment) => deployment.metadata.name))(
    "when %s shuts down, then it drains first and the grace period covers the drain and the close",
    (name) => {
      const deployment = byName(name);
      expect(deployment.spec!.strategy).toEqual({
        type: "RollingUpdate",
        rollingUpdate: { maxUnavailable: 0, maxSurge: 1 },
      });
      const drainSeconds = Number(env(name).SHUTDOWN_DELAY_MS) / 1000;
      expect(drainSeconds).toBe(5);
      // The services allow 10 s for requests in flight after the drain.
      expect(deployment.spec!.template.spec!.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(
        drainSeconds + 10 + 5,
      );
    },
  );

  it("when a store is updated, then the old pod stops before the new one starts (one owner of the data)", () => {
    expect(byName("voting-storage-1-0").spec!.strategy).toEqual({ type: "Recreate" });
    expect(byName("voting-storage-2-0").spec!.strategy).toEqual({ type: "Recreate" });
  });

  it("when MySQL starts, then its data sits on the mysql-pv-claim volume and its runtime dirs are writable", () => {
    const pod = byName("voting-storage-2-0").spec!.template.spec!;
    const mounts = Object.fromEntries(
      pod.containers[0]!.volumeMounts!.map((mount) => [mount.mountPath, mount.name]),
    );
    const claim = pod.volumes!.find((volume) => volume.name === mounts["/var/lib/mysql"])
      ?.persistentVolumeClaim?.claimName;
    expect(claim).toBe("mysql-pv-claim");
    expect(Object.keys(mounts)).toEqual(expect.arrayContaining(["/var/run/mysqld", "/tmp"]));
  });
});

describe("each pod gets the environment its service reads", () => {
  const secret = (key: string) => ({ name: "voting-storage-secret", key });
  const mysql = {
    MYSQL_HOST: "voting-storage",
    MYSQL_PORT: "3306",
    MYSQL_USER: secret("MYSQL_USER"),
    MYSQL_PASSWORD: secret("MYSQL_PASSWORD"),
    MYSQL_DATABASE: secret("MYSQL_DATABASE"),
  };
  const redis = { REDIS_HOST: "voting-storage", REDIS_PORT: "6379" };
  const app = {
    SHOWDETAILS: "true",
    FEATUREFLAG: "true",
    ANALYTICS_HOST: "voting-analytics",
    ANALYTICS_PORT: "8080",
  };

  it("when the app runs, then 1.0 talks to Redis and 2.0 to MySQL, both show details and the flag toggle", () => {
    expect(env("voting-app-1-0")).toMatchObject({ SERVICE_VERSION: "1.0", ...app, ...redis });
    expect(env("voting-app-2-0")).toMatchObject({ SERVICE_VERSION: "2.0", ...app, ...mysql });
    expect(env("voting-app-1-0")).not.toHaveProperty("MYSQL_HOST");
    expect(env("voting-app-2-0")).not.toHaveProperty("REDIS_HOST");
  });

  it("when analytics runs, then 1.0 and 1.1 read Redis and 2.0 reads MySQL", () => {
    expect(env("voting-analytics-1-0")).toMatchObject({ SERVICE_VERSION: "1.0", ...redis });
    expect(env("voting-analytics-1-1")).toMatchObject({ SERVICE_VERSION: "1.1", ...redis });
    expect(env("voting-analytics-2-0")).toMatchObject({ SERVICE_VERSION: "2.0", ...mysql });
  });

  it("when MySQL starts, then it takes every credential from the secret, whose keys are the contract's", () => {
    expect(env("voting-storage-2-0")).toEqual({
      MYSQL_ROOT_PASSWORD: secret("MYSQL_ROOT_PASSWORD"),
      MYSQL_USER: secret("MYSQL_USER"),
      MYSQL_PASSWORD: secret("MYSQL_PASSWORD"),
      MYSQL_DATABASE: secret("MYSQL_DATABASE"),
    });
    const stored = objects.find((object) => object.kind === "Secret") as unknown as {
      stringData: Record<string, string>;
    };
    expect(Object.keys(stored.stringData).sort()).toEqual([
      "MYSQL_DATABASE",
      "MYSQL_PASSWORD",
      "MYSQL_ROOT_PASSWORD",
      "MYSQL_USER",
    ]);
    expect(stored.stringData.MYSQL_DATABASE).toBe("azurevote");
  });
});

describe("pods can be scraped", () => {
  it.each(services.map((deployment) => deployment.metadata.name))(
    "when %s runs, then Prometheus (and Istio's metrics merging) finds its /metrics on its HTTP port",
    (name) => {
      const annotations = byName(name).spec!.template.metadata!.annotations ?? {};
      const httpPort = container(name).ports!.find((port) => port.name === "http")!.containerPort;
      expect(annotations).toEqual({
        "prometheus.io/scrape": "true",
        "prometheus.io/port": String(httpPort),
        "prometheus.io/path": "/metrics",
      });
    },
  );
});
