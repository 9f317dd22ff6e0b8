import {
  Gateway as ApiGateway,
  HTTPRoute,
} from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1";
import {
  AuthorizationPolicy,
  PeerAuthentication,
} from "@kubernetes-models/istio/security.istio.io/v1";
import {
  DestinationRule,
  Gateway,
  VirtualService,
} from "@kubernetes-models/istio/networking.istio.io/v1";
import { Deployment } from "kubernetes-models/apps/v1";
import {
  Namespace,
  PersistentVolumeClaim,
  Secret,
  Service,
  ServiceAccount,
} from "kubernetes-models/v1";
import { RE2JS } from "re2js";

interface Validatable {
  validate(): void;
}
type ModelClass = new (data: never) => Validatable;

/** The kinds the manifests may use, each with its generated schema. */
const MODELS: Readonly<Record<string, ModelClass>> = {
  "v1/Namespace": Namespace,
  "v1/Service": Service,
  "v1/Secret": Secret,
  "v1/PersistentVolumeClaim": PersistentVolumeClaim,
  "v1/ServiceAccount": ServiceAccount,
  "apps/v1/Deployment": Deployment,
  "networking.istio.io/v1/VirtualService": VirtualService,
  "networking.istio.io/v1/DestinationRule": DestinationRule,
  "networking.istio.io/v1/Gateway": Gateway,
  "security.istio.io/v1/PeerAuthentication": PeerAuthentication,
  "security.istio.io/v1/AuthorizationPolicy": AuthorizationPolicy,
  "gateway.networking.k8s.io/v1/Gateway": ApiGateway,
  "gateway.networking.k8s.io/v1/HTTPRoute": HTTPRoute,
};

type Plain = Record<string, unknown>;

function isPlain(value: unknown): value is Plain {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function schemaErrors(model: ModelClass, object: Plain): string[] {
  try {
    new model(object as never).validate();
    return [];
  } catch (error) {
    return [(error as Error).message];
  }
}

/**
 * Problems with one object: no schema for its kind, schema violations, fields the schema
 * does not know, and regexes RE2 (Istio's engine) cannot compile. Empty when it is sound.
 */
export function validateObject(object: unknown): string[] {
  if (!isPlain(object)) return ["a document must be an object"];
  const type = `${String(object.apiVersion)}/${String(object.kind)}`;
  const model = MODELS[type];
  if (!model) return [`no schema for ${type}: use one of ${Object.keys(MODELS).join(", ")}`];
  const errors = schemaErrors(model, object);
  if (errors.length > 0) return errors;
  return [
    ...unknownFields(model, object).map((path) => `${path}: unknown field`),
    ...regexProblems(object),
  ];
}

/** A value no schema type accepts: a field the schema knows rejects it, an unknown one does not. */
const PROBE = () => undefined;

/**
 * The generated schemas ignore fields they do not declare, so a misspelt field passes.
 * Each field is probed instead: swapped for a value of no JSON type, it must make the object
 * invalid, which happens only when the schema constrains that field. Maps (labels, selectors)
 * constrain their values too, so their keys pass.
 */
function unknownFields(model: ModelClass, object: Plain): string[] {
  const root = structuredClone(object);
  const found: string[] = [];
  const visit = (value: unknown, path: string): void => {
    if (Array.isArray(value)) {
      value.forEach((item, index) => visit(item, `${path}[${index}]`));
      return;
    }
    if (!isPlain(value)) return;
    for (const key of Object.keys(value)) {
      const original = value[key];
      const fieldPath = path ? `${path}.${key}` : key;
      value[key] = PROBE;
      const known = schemaErrors(model, root).length > 0;
      value[key] = original;
      if (known) visit(original, fieldPath);
      else found.push(fieldPath);
    }
  };
  visit(root, "");
  return found;
}

function re2Problem(source: string, path: string): string[] {
  try {
    RE2JS.compile(source);
    return [];
  } catch (error) {
    return [`${path}: not a valid RE2 expression: ${(error as Error).message}`];
  }
}

/**
 * Istio compiles regexes with RE2, which has no look-around or back-references: an Istio
 * `regex` match, and a Gateway API match of `type: RegularExpression` (its `value`).
 */
function regexProblems(value: unknown, path = ""): string[] {
  if (Array.isArray(value))
    return value.flatMap((item, index) => regexProblems(item, `${path}[${index}]`));
  if (!isPlain(value)) return [];
  if (value.type === "RegularExpression" && typeof value.value === "string")
    return re2Problem(value.value, path ? `${path}.value` : "value");
  return Object.entries(value).flatMap(([key, entry]) => {
    const entryPath = path ? `${path}.${key}` : key;
    if (key === "regex" && typeof entry === "string") return re2Problem(entry, entryPath);
    return regexProblems(entry, entryPath);
  });
}
