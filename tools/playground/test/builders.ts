// Small builders of Kubernetes objects, so each test states only what it is about.
import type { KubeObject } from "@voting/mesh";
import type { Upstream } from "../src/pods/upstreams.js";

type Labels = Record<string, string>;
type Env = { name: string; value?: string; valueFrom?: unknown }[];

export function deployment(
  name: string,
  options: {
    labels?: Labels;
    image?: string;
    replicas?: number;
    env?: Env;
    container?: Record<string, unknown>;
    spec?: Record<string, unknown>;
  } = {},
): KubeObject {
  const labels = options.labels ?? { app: name.replace(/-\d+-\d+$/, ""), version: "1.0" };
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, labels },
    spec: {
      replicas: options.replicas ?? 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name: "main",
              image: options.image ?? "voting/voting-app:1.0",
              ports: [{ name: "http", containerPort: 8080 }],
              env: options.env ?? [],
              ...options.container,
            },
          ],
        },
      },
      ...options.spec,
    },
  };
}

export function service(
  name: string,
  ports: { name?: string; port: number; targetPort?: number | string }[],
): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name },
    spec: { selector: { app: name }, ports },
  };
}

export function secret(
  name: string,
  stringData: Record<string, string>,
  data: Record<string, string> = {},
): KubeObject {
  return { apiVersion: "v1", kind: "Secret", metadata: { name }, type: "Opaque", stringData, data };
}

/** The Services the app's and analytics' images call by default, as a sidecar listens for them. */
export const ANALYTICS_UPSTREAM: Upstream = {
  hostVariable: "ANALYTICS_HOST",
  portVariable: "ANALYTICS_PORT",
  host: "voting-analytics",
  port: 8080,
};
export const REDIS_UPSTREAM: Upstream = {
  hostVariable: "REDIS_HOST",
  portVariable: "REDIS_PORT",
  host: "voting-storage",
  port: 6379,
};
