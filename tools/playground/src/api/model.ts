import { type AppliedResources, type KubeObject, resourceKey } from "@voting/mesh";
import { Refused } from "../errors.js";
import { podEvents } from "./events.js";
import { groupVersion, pluralName, type ResourceType } from "./kinds.js";
import {
  type ApiObject,
  ingressServiceObject,
  namespaceObjects,
  podObject,
  servedObject,
  type ViewDeps,
} from "./objects.js";
import { mergePatch, strategicMergePatch } from "./patch.js";
import { fieldSelectorOf, incoming, isPlain, refusedAsInvalid, selectorOf } from "./requests.js";
import { alreadyExists, ApiError, forbidden, methodNotAllowed, notFound } from "./status.js";

export interface ModelDeps extends ViewDeps {
  /** Throws Refused if the playground cannot run this set of objects. */
  check: (objects: readonly KubeObject[]) => void;
}

export type PatchType = "merge" | "strategic";

export interface Query {
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
}

/**
 * The API's verbs on the playground's objects: each request is checked as a whole against
 * everything applied (as the playground would run it) before it replaces anything, so a refused
 * request changes nothing.
 */
export function createModel(deps: ModelDeps) {
  const { config, namespaceState, namespace } = deps;

  // Reading any namespace works (one that does not exist holds nothing, as on a cluster);
  // writing needs the playground's own, once created.
  const requireNamespace = (ns: string | undefined, type: ResourceType, writing: boolean) => {
    if (!type.namespaced || !writing) return;
    if (ns !== namespace)
      throw forbidden(`the playground serves only namespace ${namespace}, not "${ns}"`);
    if (!namespaceState.exists())
      throw new ApiError(404, "NotFound", `namespaces "${namespace}" not found`, {
        name: namespace,
        kind: "namespaces",
      });
  };

  const all = (type: ResourceType, ns: string | undefined): ApiObject[] => {
    if (type.kind === "Namespace") return namespaceObjects(deps);
    const ingress = ingressServiceObject(deps);
    const system =
      type.kind === "Service" && (ns === undefined || ns === ingress.metadata.namespace)
        ? [ingress]
        : [];
    if (ns !== undefined && ns !== namespace) return system;
    if (!namespaceState.exists()) return system;
    if (type.kind === "Pod")
      return deps.controller
        .pods()
        .map((pod) => podObject(pod, deps))
        .sort((a, b) => String(a.metadata.name).localeCompare(String(b.metadata.name)));
    if (type.kind === "Event") return podEvents(deps.controller.pods(), deps);
    const stored = config
      .objects()
      .filter((object) => object.kind === type.kind && object.apiVersion === groupVersion(type))
      .map((object) => servedObject(object, type, deps));
    return [...system, ...stored].sort((a, b) =>
      String(a.metadata.name).localeCompare(String(b.metadata.name)),
    );
  };

  const list = (type: ResourceType, ns: string | undefined, query: Query = {}): ApiObject[] => {
    requireNamespace(ns, type, false);
    const labels = selectorOf(query.labelSelector);
    const fields = fieldSelectorOf(query.fieldSelector);
    return all(type, ns).filter(
      (object) =>
        labels((object.metadata.labels ?? {}) as Record<string, string>) && fields(object),
    );
  };

  const get = (type: ResourceType, ns: string | undefined, name: string): ApiObject => {
    requireNamespace(ns, type, false);
    const found = all(type, ns).find((object) => object.metadata.name === name);
    if (!found) throw notFound(type, name);
    return found;
  };

  const commit = (type: ResourceType, name: string, next: AppliedResources) => {
    try {
      deps.check([...next.values()]);
    } catch (error) {
      if (error instanceof Refused) throw refusedAsInvalid(type, name, error.message);
      throw error;
    }
    config.replace(next);
  };

  const readOnly = (type: ResourceType, verb: string) => {
    if (type.derived)
      throw methodNotAllowed(
        type.kind === "Pod"
          ? `the playground makes pods from Deployments only: ${verb} a Deployment instead`
          : `${pluralName(type)} are made by the playground and cannot be ${verb}d`,
      );
  };

  const create = (type: ResourceType, ns: string | undefined, body: unknown): ApiObject => {
    readOnly(type, "create");
    if (type.kind === "Namespace") {
      const object = incoming(type, undefined, body);
      const { name } = object.metadata;
      if (namespaceObjects(deps).some((entry) => entry.metadata.name === name))
        throw alreadyExists(type, name);
      if (name !== namespace)
        throw forbidden(
          `the playground serves only namespace ${namespace}; it cannot create namespace "${name}"`,
        );
      namespaceState.create(object.metadata.labels ?? {}, annotations(object));
      return get(type, undefined, name);
    }
    requireNamespace(ns, type, true);
    const object = incoming(type, ns, body);
    const key = resourceKey(object);
    if (config.applied.has(key)) throw alreadyExists(type, object.metadata.name);
    commit(type, object.metadata.name, new Map([...config.applied, [key, object]]));
    return get(type, ns, object.metadata.name);
  };

  const stored = (type: ResourceType, ns: string | undefined, name: string): KubeObject => {
    requireNamespace(ns, type, true);
    const found = config
      .objects()
      .find(
        (object) =>
          object.kind === type.kind &&
          object.apiVersion === groupVersion(type) &&
          object.metadata.name === name,
      );
    if (!found) throw notFound(type, name);
    return found;
  };

  /** Replaces an object with its changed self, checked as a whole. */
  const update = (
    type: ResourceType,
    ns: string | undefined,
    name: string,
    next: unknown,
  ): ApiObject => {
    if (type.kind === "Namespace") {
      const object = incoming(type, undefined, next, name);
      namespaceState.update(object.metadata.labels ?? {}, annotations(object));
      return get(type, undefined, name);
    }
    const object = incoming(type, ns, next, name);
    commit(type, name, new Map([...config.applied, [resourceKey(object), object]]));
    return get(type, ns, name);
  };

  const current = (type: ResourceType, ns: string | undefined, name: string): KubeObject =>
    type.kind === "Namespace" ? get(type, undefined, name) : stored(type, ns, name);

  const patch = (
    type: ResourceType,
    ns: string | undefined,
    name: string,
    kind: PatchType,
    body: unknown,
  ): ApiObject => {
    readOnly(type, "patch");
    if (kind === "strategic" && !type.builtIn) {
      throw new ApiError(
        415,
        "UnsupportedMediaType",
        `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml`,
      );
    }
    const before = current(type, ns, name);
    const after = kind === "merge" ? mergePatch(before, body) : strategicMergePatch(before, body);
    return update(type, ns, name, after);
  };

  const remove = (type: ResourceType, ns: string | undefined, name: string): ApiObject => {
    if (type.kind === "Namespace") {
      const object = get(type, undefined, name);
      if (name !== namespace)
        throw forbidden(
          `namespace "${name}" belongs to the cluster the playground stands for and cannot be deleted`,
        );
      config.replace(new Map());
      namespaceState.remove();
      return { ...object, status: { phase: "Terminating" } };
    }
    if (type.kind === "Pod") {
      const object = get(type, ns, name);
      if (!deps.controller.deletePod(name)) throw notFound(type, name);
      return object;
    }
    readOnly(type, "delete");
    const object = stored(type, ns, name);
    const served = get(type, ns, name);
    const next = new Map(config.applied);
    next.delete(resourceKey(object));
    config.replace(next);
    return served;
  };

  return { list, get, create, patch, update, remove };
}

export type Model = ReturnType<typeof createModel>;

function annotations(object: KubeObject): Record<string, string> {
  const value = (object.metadata as Record<string, unknown>).annotations;
  return isPlain(value) ? (value as Record<string, string>) : {};
}
