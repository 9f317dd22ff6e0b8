import type { Shape } from "./fields.js";

// The fields of a Deployment the playground knows. "used" ones are read and acted on; "inert"
// ones are accepted because they change nothing on one machine (see docs/playground.md).
const INERT = "inert";
const CONTAINER: Shape = {
  name: "used",
  image: "used",
  imagePullPolicy: INERT,
  // Only the storage images take arguments: they configure a server this machine provides.
  args: "used",
  ports: [{ name: "used", containerPort: "used", protocol: "used" }],
  env: [
    {
      name: "used",
      value: "used",
      valueFrom: { secretKeyRef: { name: "used", key: "used", optional: "used" } },
    },
  ],
  readinessProbe: INERT,
  livenessProbe: INERT,
  startupProbe: INERT,
  resources: INERT,
  securityContext: INERT,
  volumeMounts: INERT,
  terminationMessagePath: INERT,
  terminationMessagePolicy: INERT,
};

export const DEPLOYMENT: Shape = {
  apiVersion: "used",
  kind: "used",
  metadata: { name: "used", namespace: "used", labels: "used", annotations: INERT },
  spec: {
    replicas: "used",
    selector: { matchLabels: "used" },
    strategy: { type: "used", rollingUpdate: { maxUnavailable: INERT, maxSurge: INERT } },
    revisionHistoryLimit: INERT,
    progressDeadlineSeconds: INERT,
    minReadySeconds: INERT,
    template: {
      metadata: { labels: "used", annotations: INERT },
      spec: {
        containers: [CONTAINER],
        terminationGracePeriodSeconds: "used",
        automountServiceAccountToken: INERT,
        serviceAccountName: INERT,
        securityContext: INERT,
        volumes: INERT,
        nodeSelector: INERT,
        affinity: INERT,
        tolerations: INERT,
        topologySpreadConstraints: INERT,
      },
    },
  },
  status: INERT,
};
