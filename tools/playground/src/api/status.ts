import type { ResourceType } from "./kinds.js";
import { pluralName } from "./kinds.js";

/** An answer of the API that is not the object asked for: kubectl prints its message. */
export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** The `Status` object Kubernetes answers errors with. */
export function statusBody(error: ApiError) {
  return {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message: error.message,
    reason: error.reason,
    ...(error.details ? { details: error.details } : {}),
    code: error.code,
  };
}

const kindDetails = (type: ResourceType, name: string) => ({
  name,
  group: type.group,
  kind: type.plural,
});

export const notFound = (type: ResourceType, name: string) =>
  new ApiError(404, "NotFound", `${pluralName(type)} "${name}" not found`, kindDetails(type, name));

export const alreadyExists = (type: ResourceType, name: string) =>
  new ApiError(
    409,
    "AlreadyExists",
    `${pluralName(type)} "${name}" already exists`,
    kindDetails(type, name),
  );

/** `Deployment.apps "x" is invalid: spec.replicas: ...`, naming the field. */
export const invalid = (type: ResourceType, name: string, field: string, why: string) =>
  new ApiError(
    422,
    "Invalid",
    `${type.kind}${type.group ? `.${type.group}` : ""} "${name}" is invalid: ${field ? `${field}: ` : ""}${why}`,
    {
      ...kindDetails(type, name),
      kind: type.kind,
      causes: [{ reason: "FieldValueInvalid", message: why, field }],
    },
  );

export const badRequest = (message: string) => new ApiError(400, "BadRequest", message);

export const forbidden = (message: string) => new ApiError(403, "Forbidden", message);

export const methodNotAllowed = (message: string) => new ApiError(405, "MethodNotAllowed", message);
