import { groupVersion, RESOURCE_TYPES, type ResourceType } from "./kinds.js";

// The legacy discovery documents: kubectl 1.28+ asks for the aggregated ones first and takes
// these when the server answers plain JSON, as a cluster before 1.26 did.

const VERBS = ["create", "delete", "get", "list", "patch", "update", "watch"];
const DERIVED_VERBS = ["delete", "get", "list", "watch"];

/** The Kubernetes release whose API the playground answers as. */
export const VERSION = {
  major: "1",
  minor: "32",
  gitVersion: "v1.32.0-playground",
  gitCommit: "",
  gitTreeState: "clean",
  buildDate: "2024-12-11T00:00:00Z",
  goVersion: "",
  compiler: "",
  platform: "linux/amd64",
};

const groups = () => [...new Set(RESOURCE_TYPES.map((type) => type.group).filter(Boolean))];

export function apiVersions() {
  return { kind: "APIVersions", versions: ["v1"], serverAddressByClientCIDRs: [] };
}

export function apiGroupList() {
  return {
    kind: "APIGroupList",
    apiVersion: "v1",
    groups: groups().map((group) => {
      const version = { groupVersion: `${group}/v1`, version: "v1" };
      return { name: group, versions: [version], preferredVersion: version };
    }),
  };
}

const resource = (type: ResourceType) => ({
  name: type.plural,
  singularName: type.kind.toLowerCase(),
  namespaced: type.namespaced,
  kind: type.kind,
  verbs: type.derived ? DERIVED_VERBS : VERBS,
  ...(type.short.length > 0 ? { shortNames: type.short } : {}),
  // `kubectl get all` lists these, as on a cluster (with no ReplicaSets here).
  ...(["Pod", "Service", "Deployment"].includes(type.kind) ? { categories: ["all"] } : {}),
});

/** The resources of one group version, or undefined if none is served there. */
export function apiResourceList(group: string, version: string) {
  const types = RESOURCE_TYPES.filter((type) => type.group === group && type.version === version);
  if (types.length === 0) return undefined;
  const subresources = types.flatMap((type) =>
    type.kind === "Deployment"
      ? [
          {
            name: "deployments/scale",
            singularName: "",
            namespaced: true,
            group: "autoscaling",
            version: "v1",
            kind: "Scale",
            verbs: ["get", "patch", "update"],
          },
          {
            name: "deployments/status",
            singularName: "",
            namespaced: true,
            kind: "Deployment",
            verbs: ["get"],
          },
        ]
      : type.kind === "Pod"
        ? [
            { name: "pods/log", singularName: "", namespaced: true, kind: "Pod", verbs: ["get"] },
            {
              name: "pods/exec",
              singularName: "",
              namespaced: true,
              kind: "PodExecOptions",
              verbs: ["create", "get"],
            },
          ]
        : [],
  );
  return {
    kind: "APIResourceList",
    apiVersion: "v1",
    groupVersion: groupVersion(types[0]!),
    resources: [...types.map(resource), ...subresources],
  };
}
