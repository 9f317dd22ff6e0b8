import { isPlain } from "./read.js";
import { type Labels, parseLabelSelector } from "./labels.js";

/** A Kubernetes object as parsed from YAML: only the fields every object has are assumed. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Labels;
  };
  readonly [field: string]: unknown;
}

/** What has been applied so far, in the order it was first created. Keyed by `resourceKey`. */
export type AppliedResources = ReadonlyMap<string, KubeObject>;

export interface ApplyResult {
  readonly applied: AppliedResources;
  /** One line per object, as `kubectl apply` prints it: `deployment.apps/voting-app-1-0 created`. */
  readonly lines: readonly string[];
}

const CLUSTER_SCOPED = new Set([
  "Namespace",
  "PersistentVolume",
  "StorageClass",
  "ClusterRole",
  "ClusterRoleBinding",
]);

function groupOf(apiVersion: string): string {
  return apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.indexOf("/")) : "";
}

/** `deployment.apps`, `service`, `virtualservice.networking.istio.io`: kubectl's name for a kind. */
export function kubectlKind(object: Pick<KubeObject, "apiVersion" | "kind">): string {
  const group = groupOf(object.apiVersion);
  return group ? `${object.kind.toLowerCase()}.${group}` : object.kind.toLowerCase();
}

/** Identity of an object: group, kind, namespace and name (the API version does not count). */
export function resourceKey(object: KubeObject): string {
  return `${kubectlKind(object)}/${object.metadata.namespace ?? ""}/${object.metadata.name}`;
}

function withNamespace(object: KubeObject, namespace: string): KubeObject {
  if (!isPlain(object) || !isPlain(object.metadata) || typeof object.metadata.name !== "string") {
    throw new Error("every object needs apiVersion, kind and metadata.name");
  }
  if (CLUSTER_SCOPED.has(object.kind)) return object;
  const own = object.metadata.namespace;
  if (own !== undefined && own !== namespace) {
    // kubectl refuses this too, rather than guess which namespace was meant.
    throw new Error(
      `the namespace from the provided object "${own}" does not match the namespace "${namespace}"`,
    );
  }
  return { ...object, metadata: { ...object.metadata, namespace } };
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, entry: unknown) =>
    isPlain(entry)
      ? Object.fromEntries(Object.entries(entry).sort(([a], [b]) => a.localeCompare(b)))
      : entry,
  );
}

/**
 * `kubectl apply -f FILE --namespace NAMESPACE`, offline: each object is `created` when new,
 * `unchanged` when identical to what was applied, `configured` otherwise. Pure: returns the
 * new set of applied objects and leaves the given one alone.
 */
export function applyResources(
  applied: AppliedResources,
  objects: readonly KubeObject[],
  namespace: string,
): ApplyResult {
  const next = new Map(applied);
  const lines = objects.map((raw) => {
    const object = withNamespace(raw, namespace);
    const key = resourceKey(object);
    const before = next.get(key);
    next.set(key, object);
    const outcome =
      before === undefined
        ? "created"
        : canonical(before) === canonical(object)
          ? "unchanged"
          : "configured";
    return `${kubectlKind(object)}/${object.metadata.name} ${outcome}`;
  });
  return { applied: next, lines };
}

/**
 * `kubectl delete KIND --selector SELECTOR --namespace NAMESPACE`, offline. `kind` is kubectl's
 * name for it (`deployment.apps`, or `deployment`). Lines are sorted by name, as the API lists them.
 */
export function deleteResources(
  applied: AppliedResources,
  kind: string,
  selector: string,
  namespace: string,
): ApplyResult {
  const matches = parseLabelSelector(selector);
  const next = new Map(applied);
  const deleted = [...applied.entries()]
    .filter(([, object]) => {
      const name = kubectlKind(object);
      const kindMatches = name === kind || name.split(".")[0] === kind;
      return (
        kindMatches &&
        object.metadata.namespace === namespace &&
        matches(object.metadata.labels ?? {})
      );
    })
    .sort(([, a], [, b]) => a.metadata.name.localeCompare(b.metadata.name));
  for (const [key] of deleted) next.delete(key);
  const lines = deleted.map(([, object]) => deletedLine(object, namespace));
  return { applied: next, lines };
}

/** A reference to one object, as `kubectl delete KIND NAME` or a file names it. */
export interface ObjectRef {
  /** kubectl's name for the kind (`deployment.apps`), or the kind without its group (`deployment`). */
  readonly kind: string;
  readonly name: string;
}

export interface DeleteNamedResult extends ApplyResult {
  /** The references that named nothing applied, in the order given. */
  readonly notFound: readonly ObjectRef[];
}

/**
 * `kubectl delete KIND NAME...` or `kubectl delete -f FILE`, offline: the named objects go, in
 * the order given, each printed as kubectl prints it; names that match nothing are reported.
 */
export function deleteNamed(
  applied: AppliedResources,
  refs: readonly ObjectRef[],
  namespace: string,
): DeleteNamedResult {
  const next = new Map(applied);
  const lines: string[] = [];
  const notFound: ObjectRef[] = [];
  for (const ref of refs) {
    const found = [...next.entries()].find(([, object]) => {
      const name = kubectlKind(object);
      const kindMatches = name === ref.kind || name.split(".")[0] === ref.kind;
      return (
        kindMatches && object.metadata.namespace === namespace && object.metadata.name === ref.name
      );
    });
    if (!found) {
      notFound.push(ref);
      continue;
    }
    next.delete(found[0]);
    lines.push(deletedLine(found[1], namespace));
  }
  return { applied: next, lines, notFound };
}

function deletedLine(object: KubeObject, namespace: string): string {
  return `${kubectlKind(object)} "${object.metadata.name}" deleted from ${namespace} namespace`;
}
