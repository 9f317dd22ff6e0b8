import type { Labels } from "@voting/mesh";

/** The label Kubernetes puts on every namespace, and refuses to change. */
export const NAME_LABEL = "kubernetes.io/metadata.name";

/** One change of `kubectl label`: `KEY=VALUE` sets, `KEY-` (value null) removes. */
export interface LabelChange {
  readonly key: string;
  readonly value: string | null;
}

/** The playground's one namespace: its labels decide whether new pods get a sidecar. */
export interface NamespaceState {
  readonly name: string;
  labels(): Labels;
  createdAt(): number;
  /**
   * `kubectl label namespace NAME ...`: all changes or none. Returns whether a label changed,
   * with kubectl's warnings, or throws LabelError with kubectl's message.
   */
  label(
    changes: readonly LabelChange[],
    overwrite: boolean,
  ): { changed: boolean; warnings: string[] };
  /** Labels of an applied Namespace object join the namespace's own. */
  merge(labels: Labels): void;
  /** `kubectl delete namespace`: the namespace that is then created again has only its name. */
  reset(): void;
}

export class LabelError extends Error {
  override readonly name = "LabelError";
}

export function createNamespaceState(
  name: string,
  onChange: () => void = () => {},
  now: () => number = Date.now,
): NamespaceState {
  const fresh = (): Record<string, string> => ({ [NAME_LABEL]: name });
  let labels = fresh();
  let created = now();
  const replace = (next: Record<string, string>) => {
    const changed =
      Object.keys(next).length !== Object.keys(labels).length ||
      Object.entries(next).some(([key, value]) => labels[key] !== value);
    labels = next;
    if (changed) onChange();
    return changed;
  };
  return {
    name,
    labels: () => ({ ...labels }),
    createdAt: () => created,
    label(changes, overwrite) {
      const next = { ...labels };
      const errors: string[] = [];
      const warnings: string[] = [];
      for (const { key, value } of changes) {
        if (key === NAME_LABEL && value !== name) {
          errors.push(`the label ${NAME_LABEL} is set by Kubernetes and cannot be changed`);
        } else if (value === null) {
          if (next[key] === undefined) warnings.push(`label "${key}" not found.`);
          delete next[key];
        } else {
          if (!overwrite && next[key] !== undefined && next[key] !== value)
            errors.push(`'${key}' already has a value (${next[key]}), and --overwrite is false`);
          next[key] = value;
        }
      }
      if (errors.length > 0) throw new LabelError(errors.join("; "));
      return { changed: replace(next), warnings };
    },
    merge(more) {
      replace({ ...labels, ...more, [NAME_LABEL]: name });
    },
    reset() {
      created = now();
      replace(fresh());
    },
  };
}
