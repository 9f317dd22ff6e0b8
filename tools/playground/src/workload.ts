import { createHash } from "node:crypto";
import type { ContainerPort, KubeObject, Labels } from "@voting/mesh";
import { Refused } from "./errors.js";
import { checkShape } from "./fields.js";
import { DEPLOYMENT } from "./workload-shape.js";
import type { ImageLookup } from "./images.js";

/** One entry of a container's `env`: a value, or a key of a Secret. */
export type EnvEntry =
  | { readonly name: string; readonly value: string }
  | {
      readonly name: string;
      readonly secretKeyRef: {
        readonly name: string;
        readonly key: string;
        readonly optional: boolean;
      };
    };

export interface ContainerSpec {
  readonly name: string;
  readonly image: string;
  readonly ports: readonly ContainerPort[];
  readonly env: readonly EnvEntry[];
}

/** What the playground needs of a Deployment to run its pods. */
export interface Workload {
  readonly name: string;
  readonly replicas: number;
  readonly strategy: "RollingUpdate" | "Recreate";
  readonly podLabels: Labels;
  /** Changes whenever the pod template does: pods of another hash belong to an older rollout. */
  readonly templateHash: string;
  readonly container: ContainerSpec;
  readonly graceMs: number;
}

type Plain = Record<string, unknown>;
const plain = (value: unknown): Plain => (value ?? {}) as Plain;

/**
 * Reads a Deployment, refusing (with the field's path) anything the playground cannot honour.
 * `image` tells which images take arguments.
 */
export function readWorkload(
  object: KubeObject,
  image: (reference: string) => ImageLookup,
): Workload {
  const where = `Deployment ${[object.metadata.namespace, object.metadata.name].filter(Boolean).join("/")}`;
  checkShape(object, DEPLOYMENT, where);
  const spec = plain(object.spec);
  const template = plain(spec.template);
  const podSpec = plain(template.spec);
  const fail = (path: string, message: string): never => {
    throw new Refused(`${where}: ${path} ${message}`);
  };

  const replicas = spec.replicas ?? 1;
  if (!Number.isInteger(replicas) || (replicas as number) < 0)
    fail("spec.replicas", "must be a whole number");
  const strategy = plain(spec.strategy).type ?? "RollingUpdate";
  if (strategy !== "RollingUpdate" && strategy !== "Recreate") {
    fail("spec.strategy.type", "must be RollingUpdate or Recreate");
  }
  const podLabels = stringMap(
    plain(template.metadata).labels,
    "spec.template.metadata.labels",
    fail,
  );
  const selector = stringMap(plain(spec.selector).matchLabels, "spec.selector.matchLabels", fail);
  if (Object.keys(selector).length === 0) fail("spec.selector.matchLabels", "is required");
  // The API server refuses a Deployment whose pods its own selector would not select.
  if (Object.entries(selector).some(([key, value]) => podLabels[key] !== value)) {
    fail("spec.selector", "does not match the template labels");
  }
  const containers = podSpec.containers;
  if (!Array.isArray(containers) || containers.length !== 1) {
    fail(
      "spec.template.spec.containers",
      "must hold exactly one container (the playground adds the sidecar)",
    );
  }
  const grace = podSpec.terminationGracePeriodSeconds ?? 30;
  if (!Number.isInteger(grace) || (grace as number) < 0) {
    fail("spec.template.spec.terminationGracePeriodSeconds", "must be a whole number");
  }
  return {
    name: object.metadata.name,
    replicas: replicas as number,
    strategy: strategy as Workload["strategy"],
    podLabels,
    templateHash: templateHash(spec.template),
    container: readContainer(
      plain((containers as unknown[])[0]),
      "spec.template.spec.containers[0]",
      image,
      fail,
    ),
    graceMs: (grace as number) * 1000,
  };
}

function readContainer(
  container: Plain,
  path: string,
  image: (reference: string) => ImageLookup,
  fail: (path: string, message: string) => never,
): ContainerSpec {
  if (typeof container.name !== "string" || container.name === "")
    fail(`${path}.name`, "is required");
  if (typeof container.image !== "string" || container.image === "")
    fail(`${path}.image`, "is required");
  const reference = container.image as string;
  if (container.args !== undefined) {
    if (!Array.isArray(container.args) || container.args.some((arg) => typeof arg !== "string")) {
      fail(`${path}.args`, "must be a list of strings");
    }
    const role = image(reference);
    if (role.ok && role.role.kind === "service") {
      fail(
        `${path}.args`,
        `is not supported for ${reference}: only the storage images take arguments`,
      );
    }
  }
  const ports = ((container.ports ?? []) as Plain[]).map((entry, index) => {
    const at = `${path}.ports[${index}]`;
    const number = entry.containerPort;
    if (!Number.isInteger(number) || (number as number) < 1 || (number as number) > 65535) {
      fail(`${at}.containerPort`, "must be a port number between 1 and 65535");
    }
    if (entry.protocol !== undefined && entry.protocol !== "TCP")
      fail(`${at}.protocol`, "must be TCP");
    if (entry.name !== undefined && typeof entry.name !== "string")
      fail(`${at}.name`, "must be a string");
    return { name: entry.name as string | undefined, containerPort: number as number };
  });
  const env = ((container.env ?? []) as Plain[]).map((entry, index) =>
    readEnvEntry(entry, `${path}.env[${index}]`, fail),
  );
  return { name: container.name as string, image: reference, ports, env };
}

function readEnvEntry(
  entry: Plain,
  at: string,
  fail: (path: string, message: string) => never,
): EnvEntry {
  const name = entry.name;
  if (typeof name !== "string" || name === "") fail(`${at}.name`, "is required");
  const variable = name as string;
  if (entry.valueFrom === undefined) {
    // The API server takes only strings here: an unquoted 8080 in YAML is a number and refused.
    if (typeof (entry.value ?? "") !== "string")
      fail(`${at}.value`, `of ${variable} must be a string (quote it)`);
    return { name: variable, value: (entry.value as string | undefined) ?? "" };
  }
  if (entry.value !== undefined)
    fail(`${at}`, `of ${variable} may not have both value and valueFrom`);
  const ref = plain(plain(entry.valueFrom).secretKeyRef);
  if (typeof ref.name !== "string" || typeof ref.key !== "string") {
    fail(`${at}.valueFrom.secretKeyRef`, `of ${variable} needs a name and a key`);
  }
  if (ref.optional !== undefined && typeof ref.optional !== "boolean") {
    fail(`${at}.valueFrom.secretKeyRef.optional`, "must be true or false");
  }
  return {
    name: variable,
    secretKeyRef: {
      name: ref.name as string,
      key: ref.key as string,
      optional: ref.optional === true,
    },
  };
}

function stringMap(
  value: unknown,
  path: string,
  fail: (path: string, message: string) => never,
): Labels {
  if (value === undefined) return {};
  const entries = Object.entries(plain(value));
  for (const [key, entry] of entries) {
    if (typeof entry !== "string") fail(`${path}.${key}`, "must be a string (quote numbers)");
  }
  return Object.fromEntries(entries) as Labels;
}

// Kubernetes spells its hashes with consonants and digits only, so they never form words.
const ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

/** A short name for a pod template, like the pod-template-hash in `voting-app-1-0-956756fd-d5w7z`. */
export function templateHash(template: unknown): string {
  const digest = createHash("sha256").update(canonical(template)).digest();
  return Array.from(digest.subarray(0, 9), (byte) => ALPHABET[byte % ALPHABET.length]).join("");
}

/** The random tail of a pod's name. */
export function podSuffix(random: () => number = Math.random): string {
  return Array.from({ length: 5 }, () => ALPHABET[Math.floor(random() * ALPHABET.length)]).join("");
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, entry: unknown) =>
    entry && typeof entry === "object" && !Array.isArray(entry)
      ? Object.fromEntries(Object.entries(entry).sort(([a], [b]) => a.localeCompare(b)))
      : entry,
  );
}
