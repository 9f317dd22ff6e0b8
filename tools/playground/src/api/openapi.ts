import { groupVersion, RESOURCE_TYPES } from "./kinds.js";

// kubectl apply validates with the server ("field validation") when the OpenAPI v3 document of
// the object's group version says its PATCH takes the fieldValidation parameter; otherwise it
// would download the whole schema (OpenAPI v2, as protobuf) and validate on its own. These
// documents say just that. They offer merge patches only, so kubectl computes strategic merge
// patches for built-in kinds from the types it was compiled with.

const pathOf = (gv: string) => (gv.includes("/") ? `apis/${gv}` : `api/${gv}`);
const groupVersions = () => [...new Set(RESOURCE_TYPES.map(groupVersion))];

export function openApiRoot() {
  return {
    paths: Object.fromEntries(
      groupVersions().map((gv) => [pathOf(gv), { serverRelativeURL: `/openapi/v3/${pathOf(gv)}` }]),
    ),
  };
}

/** The document of `api/v1` or `apis/GROUP/VERSION`, or undefined if none is served there. */
export function openApiDocument(path: string) {
  const types = RESOURCE_TYPES.filter((type) => pathOf(groupVersion(type)) === path);
  if (types.length === 0) return undefined;
  const fieldValidation = {
    name: "fieldValidation",
    in: "query",
    schema: { type: "string", uniqueItems: true },
  };
  const paths = Object.fromEntries(
    types.map((type) => {
      const base = `/${path}${type.namespaced ? "/namespaces/{namespace}" : ""}/${type.plural}/{name}`;
      const gvk = { group: type.group, version: type.version, kind: type.kind };
      return [
        base,
        {
          patch: {
            "x-kubernetes-group-version-kind": gvk,
            "x-kubernetes-action": "patch",
            parameters: [fieldValidation],
            requestBody: {
              content: { "application/merge-patch+json": { schema: { type: "object" } } },
            },
            responses: {},
          },
        },
      ];
    }),
  );
  return {
    openapi: "3.0.0",
    info: { title: "Kubernetes (the playground)", version: "v1.32.0" },
    paths,
    components: { schemas: {} },
  };
}
