import type { Labels } from "@voting/mesh";

/** The label Kubernetes puts on every namespace, and refuses to change. */
export const NAME_LABEL = "kubernetes.io/metadata.name";

/** The playground's one namespace: its labels decide whether new pods get a sidecar. */
export interface NamespaceState {
  readonly name: string;
  /** Whether it exists: `kubectl create namespace` makes it, `kubectl delete namespace` removes it. */
  exists(): boolean;
  labels(): Labels;
  annotations(): Labels;
  createdAt(): number;
  uid(): string;
  create(labels?: Labels, annotations?: Labels): void;
  /** Its labels and annotations as a patch or an apply left them; the name label stays. */
  update(labels: Labels, annotations: Labels): void;
  remove(): void;
}

export function createNamespaceState(
  name: string,
  onChange: () => void = () => {},
  now: () => number = Date.now,
): NamespaceState {
  let exists = false;
  let labels: Labels = {};
  let annotations: Labels = {};
  let created = now();
  let generation = 0;
  const same = (a: Labels, b: Labels) =>
    Object.keys(a).length === Object.keys(b).length &&
    Object.entries(a).every(([key, value]) => b[key] === value);
  const set = (nextLabels: Labels, nextAnnotations: Labels) => {
    const next = { ...nextLabels, [NAME_LABEL]: name };
    const changed = !same(next, labels);
    labels = next;
    annotations = { ...nextAnnotations };
    if (changed) onChange();
  };
  return {
    name,
    exists: () => exists,
    labels: () => ({ ...labels }),
    annotations: () => ({ ...annotations }),
    createdAt: () => created,
    uid: () => `namespace-${name}-${generation}`,
    create(newLabels = {}, newAnnotations = {}) {
      exists = true;
      created = now();
      generation += 1;
      set(newLabels, newAnnotations);
    },
    update: set,
    remove() {
      exists = false;
      labels = {};
      annotations = {};
      onChange();
    },
  };
}
