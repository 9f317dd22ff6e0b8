import type { KubeObject } from "@voting/mesh";
import { parseLabelSelector } from "@voting/mesh";
import { groupVersion, RESOURCE_TYPES, type ResourceType } from "./kinds.js";
import type { ApiObject } from "./objects.js";
import { type ApiError, badRequest, invalid } from "./status.js";

// What a request brings: the object in its body, its selectors, and how a refusal reads.

// Fields the API server sets, never taken from a request.
const SERVER_METADATA = [
  "uid",
  "resourceVersion",
  "creationTimestamp",
  "generation",
  "managedFields",
  "selfLink",
  "deletionTimestamp",
];
const TOP_LEVEL: Record<string, readonly string[]> = {
  Secret: ["data", "stringData", "type", "immutable"],
  ConfigMap: ["data", "binaryData", "immutable"],
  ServiceAccount: ["secrets", "imagePullSecrets", "automountServiceAccountToken"],
};
const METADATA = new Set(["name", "namespace", "labels", "annotations", ...SERVER_METADATA]);

type Plain = Record<string, unknown>;
export const isPlain = (value: unknown): value is Plain =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The object as a request gives it, without what the server sets; refuses what it cannot take. */
export function incoming(
  type: ResourceType,
  ns: string | undefined,
  body: unknown,
  name?: string,
): KubeObject {
  if (!isPlain(body) || !isPlain(body.metadata))
    throw badRequest("the object needs apiVersion, kind and metadata");
  if (body.apiVersion !== groupVersion(type) || body.kind !== type.kind) {
    throw badRequest(
      `the API version in the data (${String(body.apiVersion)}) and kind (${String(body.kind)}) do not match the path (${groupVersion(type)}, ${type.kind})`,
    );
  }
  const objectName = body.metadata.name;
  if (typeof objectName !== "string" || objectName === "")
    throw invalid(type, "", "metadata.name", "Required value: name is required");
  if (name !== undefined && objectName !== name)
    throw badRequest(
      `the name of the object (${objectName}) does not match the name on the URL (${name})`,
    );
  if (type.namespaced && body.metadata.namespace !== undefined && body.metadata.namespace !== ns) {
    throw badRequest(
      "the namespace of the provided object does not match the namespace sent on the request",
    );
  }
  const allowed = new Set([
    "apiVersion",
    "kind",
    "metadata",
    ...(TOP_LEVEL[type.kind] ?? ["spec", "status"]),
  ]);
  const unknown = [
    ...Object.keys(body).filter((key) => !allowed.has(key)),
    ...Object.keys(body.metadata)
      .filter((key) => !METADATA.has(key))
      .map((key) => `metadata.${key}`),
  ];
  if (unknown.length > 0) {
    throw badRequest(
      `${type.kind} in version "${type.version}" cannot be handled as a ${type.kind}: strict decoding error: ${unknown.map((field) => `unknown field "${field}"`).join(", ")}`,
    );
  }
  const metadata = { ...body.metadata } as Plain;
  for (const field of SERVER_METADATA) delete metadata[field];
  if (type.namespaced) metadata.namespace = ns;
  const object = { ...body, metadata } as unknown as KubeObject;
  // Status is the server's to say (computed when read).
  if ("status" in object && type.kind !== "Secret") delete (object as Plain).status;
  return object;
}

/**
 * A refusal (`Deployment voting/d: spec.replicas must be a whole number`) as the Invalid status a
 * cluster gives, naming the field: `Deployment.apps "d" is invalid: spec.replicas: must be ...`.
 */
export function refusedAsInvalid(type: ResourceType, name: string, message: string): ApiError {
  const [, kind, object, field, why] =
    /^(\w+) [\w.-]+\/([\w.-]+): ([\w.[\]]*[.[][\w.[\]]*) (.*)$/.exec(message) ?? [];
  if (kind && object && field && why) {
    const refusedType = RESOURCE_TYPES.find((candidate) => candidate.kind === kind) ?? type;
    return invalid(refusedType, object, field, why);
  }
  return invalid(type, name, "", message);
}

export function selectorOf(text: string | undefined): (labels: Record<string, string>) => boolean {
  if (!text) return () => true;
  try {
    return parseLabelSelector(text);
  } catch (error) {
    throw badRequest(`unable to parse requirement: ${(error as Error).message}`);
  }
}

/** `metadata.name=x,involvedObject.name!=y`: equality on dotted paths, as kubectl sends them. */
export function fieldSelectorOf(text: string | undefined): (object: ApiObject) => boolean {
  if (!text) return () => true;
  const requirements = text.split(",").map((part) => {
    const match = /^([\w.]+)\s*(==|=|!=)\s*(.*)$/.exec(part.trim());
    if (!match) throw badRequest(`invalid field selector: ${part}`);
    const [, path = "", operator, value] = match;
    return (object: ApiObject) => {
      const found = path
        .split(".")
        .reduce<unknown>((at, key) => (isPlain(at) ? at[key] : undefined), object);
      const equal = String(found ?? "") === value;
      return operator === "!=" ? !equal : equal;
    };
  });
  return (object) => requirements.every((requirement) => requirement(object));
}
