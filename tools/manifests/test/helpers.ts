import {
  buildMesh,
  type KubeObject,
  type Labels,
  type Mesh,
  type RouteRequest,
  type RouteResult,
  seededRandom,
} from "@voting/mesh";
import {
  loadManifest,
  NAMESPACE,
  runWalk,
  TUTORIAL_WALKS,
  WALK_VARIANTS,
  type WalkState,
  type WalkVariant,
} from "../src/index.js";

/** Each variant's walk, run offline once. */
export const walks = Object.fromEntries(
  WALK_VARIANTS.map((variant) => [
    variant,
    runWalk((file) => loadManifest(file), TUTORIAL_WALKS[variant]),
  ]),
) as Record<WalkVariant, WalkState[]>;

/** The istioctl walk, the tutorial's main body. */
export const walk = walks.istioctl;

/** The state right after the command that applies `file` (or the delete, for "delete"). */
export function after(file: string, variant: WalkVariant = "istioctl"): WalkState {
  const state = walks[variant].find(({ action }) =>
    "apply" in action ? action.apply === file : file === "delete",
  );
  if (!state) throw new Error(`${file} is not in the ${variant} walk`);
  return state;
}

export function objectsAfter(file: string, variant: WalkVariant = "istioctl"): KubeObject[] {
  return [...after(file, variant).applied.values()];
}

/** Every object after the last command of a step. */
export function endOfStep(step: number, variant: WalkVariant = "istioctl"): KubeObject[] {
  const last = walks[variant].filter(({ action }) => action.step === step).at(-1)!;
  return [...last.applied.values()];
}

export function meshOf(objects: readonly KubeObject[], seed = 1): Mesh {
  return buildMesh(objects, { namespace: NAMESPACE, random: seededRandom(seed) });
}

/** A browser request through the ingress gateway, as the tutorial's curl loop sends it. */
export function ingress(headers: Record<string, string> = {}): RouteRequest {
  return {
    kind: "http",
    gateway: "voting-app-gateway",
    host: "203.0.113.10",
    port: 80,
    uri: "/",
    headers,
  };
}

/** A call from a pod of `app` at `version` to a host of the mesh. */
export function call(
  app: string,
  version: string,
  host: string,
  port: number,
  kind: "http" | "tcp" = "http",
): RouteRequest {
  return { kind, gateway: "mesh", host, port, uri: "/analytics", sourceLabels: { app, version } };
}

/** The version label of the pod a request lands on, or the failure status. */
export function version(result: RouteResult): string | number {
  return result.ok ? (result.endpoint.pod.labels as Labels).version! : result.status;
}

/**
 * A copy of `object` with each path (`spec.http[0].match[0].headers`) set to its value, or
 * removed when the value is undefined: tests break one thing in a real manifest this way.
 */
export function changed<T>(object: T, changes: Record<string, unknown>): T {
  const copy = structuredClone(object);
  for (const [path, value] of Object.entries(changes)) {
    const keys = path.split(/[.[\]]+/).filter((key) => key !== "");
    const last = keys.pop()!;
    let target = copy as Record<string, unknown>;
    for (const key of keys) {
      if (typeof target[key] !== "object" || target[key] === null)
        throw new Error(`no ${key} on the way to ${path}`);
      target = target[key] as Record<string, unknown>;
    }
    if (!(last in target) && value === undefined) throw new Error(`nothing to remove at ${path}`);
    if (value === undefined) delete target[last];
    else target[last] = value;
  }
  return copy;
}
