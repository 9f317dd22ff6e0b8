import type { Request, Response } from "express";
import type { Pod } from "../pods/pod.js";
import { groupVersion, type ResourceType, typeAt } from "./kinds.js";
import { servePodLog } from "./logs.js";
import type { Model, PatchType, Query } from "./model.js";
import type { ApiObject } from "./objects.js";
import { ApiError, badRequest, methodNotAllowed } from "./status.js";
import { toTable } from "./table.js";
import { serveWatch } from "./watch.js";

/** What one request under /api or /apis is about. */
export interface Target {
  readonly type: ResourceType;
  readonly ns: string | undefined;
  readonly name: string | undefined;
  readonly subresource: string | undefined;
}

export interface ResourceDeps {
  model: Model;
  pods: () => readonly Pod[];
  subscribe: (listener: () => void) => () => void;
  revision: () => number;
  now: () => number;
}

const notFound = () =>
  new ApiError(404, "NotFound", "the server could not find the requested resource");

/**
 * `/api/v1/namespaces/voting/pods/NAME/log` or `/apis/apps/v1/deployments`: the group, version,
 * namespace, resource, name and subresource of a path (the segments after /api or /apis).
 */
export function parseResourcePath(apis: boolean, segments: readonly string[]) {
  const [group, version, rest] = apis
    ? [segments[0] ?? "", segments[1] ?? "", segments.slice(2)]
    : ["", segments[0] ?? "", segments.slice(1)];
  if (rest.length === 0) return { group, version };
  const namespaced = rest[0] === "namespaces" && rest.length >= 3;
  const [plural = "", name, subresource, ...extra] = namespaced ? rest.slice(2) : rest;
  const type = version === "v1" ? typeAt(group, plural) : undefined;
  if (!type || extra.length > 0) throw notFound();
  const target: Target = { type, ns: namespaced ? rest[1] : undefined, name, subresource };
  return { group, version, target };
}

const PATCH_TYPES: Record<string, PatchType> = {
  "application/merge-patch+json": "merge",
  "application/strategic-merge-patch+json": "strategic",
};

function patchType(req: Request): PatchType {
  const type = PATCH_TYPES[(req.headers["content-type"] ?? "").split(";")[0]!.trim()];
  if (!type)
    throw new ApiError(
      415,
      "UnsupportedMediaType",
      "the body of the request was in an unknown format - accepted media types include: application/merge-patch+json, application/strategic-merge-patch+json",
    );
  return type;
}

const asTable = (req: Request) => (req.headers.accept ?? "").includes("as=Table");
const query = (req: Request): Query => ({
  labelSelector: req.query.labelSelector as string | undefined,
  fieldSelector: req.query.fieldSelector as string | undefined,
});

/** Answers the verbs on one resource type, its objects and their subresources. */
export function createResourceHandler(deps: ResourceDeps) {
  const { model } = deps;
  const resourceVersion = () => String(deps.revision());
  const table = (type: ResourceType, objects: ApiObject[]) =>
    toTable(type, objects, deps.now(), resourceVersion());

  const collection = (req: Request, res: Response, { type, ns }: Target) => {
    if (req.method === "GET" && (req.query.watch === "true" || req.query.watch === "1")) {
      return serveWatch(req, res, {
        list: () => model.list(type, ns, query(req)),
        table: asTable(req) ? (objects) => table(type, objects) : undefined,
        subscribe: deps.subscribe,
        revision: deps.revision,
      });
    }
    if (req.method === "GET") {
      const items = model.list(type, ns, query(req));
      if (asTable(req)) return void res.json(table(type, items));
      return void res.json({
        kind: `${type.kind}List`,
        apiVersion: groupVersion(type),
        metadata: { resourceVersion: resourceVersion() },
        items,
      });
    }
    if (req.method === "POST") return void res.status(201).json(model.create(type, ns, req.body));
    throw methodNotAllowed(
      `${req.method} on a list of ${type.plural} is not supported by the playground`,
    );
  };

  const object = (req: Request, res: Response, { type, ns }: Target, name: string) => {
    switch (req.method) {
      case "GET": {
        const found = model.get(type, ns, name);
        return void res.json(asTable(req) ? table(type, [found]) : found);
      }
      case "PATCH":
        return void res.json(model.patch(type, ns, name, patchType(req), req.body));
      case "PUT":
        return void res.json(model.update(type, ns, name, req.body));
      case "DELETE":
        return void res.json(model.remove(type, ns, name));
      default:
        throw methodNotAllowed(`${req.method} is not supported by the playground`);
    }
  };

  const scale = (req: Request, res: Response, { type, ns }: Target, name: string) => {
    if (req.method === "PATCH" || req.method === "PUT") {
      const replicas = (req.body as { spec?: { replicas?: unknown } } | undefined)?.spec?.replicas;
      if (!Number.isInteger(replicas) || (replicas as number) < 0)
        throw badRequest("spec.replicas of a Scale must be a whole number");
      model.patch(type, ns, name, "merge", { spec: { replicas } });
    } else if (req.method !== "GET") {
      throw methodNotAllowed(`${req.method} on deployments/scale is not supported`);
    }
    const deployment = model.get(type, ns, name);
    res.json({
      kind: "Scale",
      apiVersion: "autoscaling/v1",
      metadata: { name, namespace: ns },
      spec: { replicas: (deployment.spec as { replicas?: number }).replicas ?? 1 },
      status: { replicas: (deployment.status as { replicas?: number }).replicas ?? 0 },
    });
  };

  const subresource = (req: Request, res: Response, target: Target, name: string) => {
    const { type, ns } = target;
    const kind = `${type.kind}/${target.subresource}`;
    if (kind === "Deployment/scale") return scale(req, res, target, name);
    if (kind === "Deployment/status" && req.method === "GET")
      return void res.json(model.get(type, ns, name));
    if (kind === "Pod/log" && req.method === "GET") {
      const found = model.get(type, ns, name);
      const pod = deps.pods().find((candidate) => candidate.name === name);
      if (!pod) throw notFound();
      return servePodLog(req, res, found, pod);
    }
    if (["Pod/exec", "Pod/attach", "Pod/portforward"].includes(kind)) {
      throw methodNotAllowed(
        `${target.subresource} is not supported by the playground: its pods are processes on this machine, not containers (the IP column of \`kubectl get pods -o wide\` says where each answers)`,
      );
    }
    throw methodNotAllowed(
      `${req.method} ${type.plural}/${target.subresource} is not supported by the playground`,
    );
  };

  return (req: Request, res: Response, target: Target): void => {
    if (target.name === undefined) return collection(req, res, target);
    if (target.subresource !== undefined) return subresource(req, res, target, target.name);
    return object(req, res, target, target.name);
  };
}
