import {
  type AppliedResources,
  type KubeObject,
  applyResources,
  deleteResources,
} from "@voting/mesh";

/** The namespace the tutorial creates and labels for sidecar injection. */
export const NAMESPACE = "voting";

export type WalkAction =
  | { readonly step: number; readonly apply: string }
  | {
      readonly step: number;
      readonly delete: { readonly kind: string; readonly selector: string };
    };

/**
 * The tutorial's commands in the order it runs them. Step 3 applies its Istio file before
 * its Kubernetes file, so the routing for 2.0 exists before any 2.0 pod. Step 4 (finalize)
 * routes everyone to 2.0, deletes the 1.x deployments, then drops the Redis port.
 */
export const TUTORIAL_WALK: readonly WalkAction[] = [
  { step: 1, apply: "k8s/step-1-create-voting-app.yaml" },
  { step: 1, apply: "istio/step-1-create-voting-app-gateway.yaml" },
  { step: 2, apply: "k8s/step-2-update-voting-analytics-to-1.1.yaml" },
  { step: 2, apply: "istio/step-2-update-and-add-routing-for-all-components.yaml" },
  { step: 3, apply: "istio/step-3-add-routing-for-2.0-components.yaml" },
  { step: 3, apply: "k8s/step-3-update-voting-app-with-new-storage.yaml" },
  { step: 4, apply: "istio/step-4-route-all-users-to-2.0.yaml" },
  { step: 4, delete: { kind: "deployment.apps", selector: "version in (1.0,1.1)" } },
  { step: 4, apply: "k8s/step-4-remove-redis-port.yaml" },
];

/** The ways to install the tutorial's ingress: three Istio installs, or the Gateway API. */
export type WalkVariant = "istioctl" | "helm" | "aks-addon" | "gateway-api";

export const WALK_VARIANTS: readonly WalkVariant[] = [
  "istioctl",
  "helm",
  "aks-addon",
  "gateway-api",
];

const ISTIO_STEP_1 = "istio/step-1-create-voting-app-gateway.yaml";
const ISTIO_STEP_3 = "istio/step-3-add-routing-for-2.0-components.yaml";
const ISTIO_STEP_4 = "istio/step-4-route-all-users-to-2.0.yaml";

const applies = (action: WalkAction, file: string) => "apply" in action && action.apply === file;

/** `walk` with `inserted` applied right after the action that applies `after`. */
function withAfter(
  walk: readonly WalkAction[],
  after: string,
  inserted: readonly WalkAction[],
): WalkAction[] {
  const at = walk.findIndex((action) => applies(action, after));
  if (at === -1) throw new Error(`no action of the walk applies ${after}`);
  return [...walk.slice(0, at + 1), ...inserted, ...walk.slice(at + 1)];
}

/** `walk` with the action that applies `file` replaced by `replacement`. */
const replacing = (walk: readonly WalkAction[], file: string, replacement: WalkAction) =>
  walk.map((action) => (applies(action, file) ? replacement : action));

/**
 * The walk of each variant, in the order the docs print it, each derived from the istioctl
 * walk. Helm and the AKS add-on re-apply step 1's Gateway with their ingress gateway's selector.
 * The Gateway API variant replaces step 1's Istio file with a Gateway and an HTTPRoute, and
 * adds its routes for 2.0 and for everyone to steps 3 and 4; the east-west rules stay Istio's
 * (sourceLabels has no Gateway API equivalent), so it applies Istio's step 2 to 4 too.
 */
export const TUTORIAL_WALKS: Readonly<Record<WalkVariant, readonly WalkAction[]>> = {
  istioctl: TUTORIAL_WALK,
  helm: withAfter(TUTORIAL_WALK, ISTIO_STEP_1, [{ step: 1, apply: "istio/ingress/helm.yaml" }]),
  "aks-addon": withAfter(TUTORIAL_WALK, ISTIO_STEP_1, [
    { step: 1, apply: "istio/ingress/aks-addon.yaml" },
  ]),
  "gateway-api": withAfter(
    withAfter(
      replacing(TUTORIAL_WALK, ISTIO_STEP_1, {
        step: 1,
        apply: "gateway-api/step-1-create-voting-app-gateway.yaml",
      }),
      ISTIO_STEP_3,
      [{ step: 3, apply: "gateway-api/step-3-add-routing-for-2.0-components.yaml" }],
    ),
    ISTIO_STEP_4,
    [{ step: 4, apply: "gateway-api/step-4-route-all-users-to-2.0.yaml" }],
  ),
};

export interface WalkState {
  readonly action: WalkAction;
  /** What kubectl prints for the command. */
  readonly lines: readonly string[];
  /** Everything applied once the command has run, in creation order. */
  readonly applied: AppliedResources;
}

/** Runs the walk offline: the kubectl lines of each command and the resources after it. */
export function runWalk(
  load: (file: string) => readonly KubeObject[],
  walk: readonly WalkAction[] = TUTORIAL_WALK,
  namespace = NAMESPACE,
): WalkState[] {
  let applied: AppliedResources = new Map();
  return walk.map((action) => {
    const result =
      "apply" in action
        ? applyResources(applied, load(action.apply), namespace)
        : deleteResources(applied, action.delete.kind, action.delete.selector, namespace);
    applied = result.applied;
    return { action, lines: result.lines, applied };
  });
}
