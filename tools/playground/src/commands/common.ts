import type { KubeObject } from "@voting/mesh";
import type { ConfigState } from "../config-state.js";
import type { Controller } from "../controller.js";
import { Refused } from "../errors.js";
import type { NamespaceState } from "../namespace-state.js";
import type { CommandOutput } from "../kubectl/command.js";
import { resolveResource, type ResourceType } from "../resources.js";

export interface CommandDeps {
  namespace: string;
  config: ConfigState;
  /** Throws Refused if the playground cannot run this set of objects. */
  check: (objects: readonly KubeObject[]) => void;
  controller: Controller;
  /** The namespace's labels (default: a namespace with only its name label). */
  namespaceState?: NamespaceState;
  now?: () => number;
}

/** The deps once createCommands has filled in the defaults. */
export type ResolvedDeps = CommandDeps & { readonly namespaceState: NamespaceState };

export const ok = (stdout: readonly string[], stderr: readonly string[] = []): CommandOutput => ({
  stdout,
  stderr,
  exitCode: 0,
});

export const failed = (
  stderr: readonly string[],
  stdout: readonly string[] = [],
): CommandOutput => ({
  stdout,
  stderr,
  exitCode: 1,
});

/** The type a kubectl resource name stands for; refused by name if the playground has none. */
export function typeOf(name: string): ResourceType {
  const type = resolveResource(name);
  if (!type) throw new Refused(`the server doesn't have a resource type "${name}"`);
  return type;
}
