import { Refused } from "../errors.js";
import type { Command, CommandOutput } from "../kubectl/command.js";
import { LabelError } from "../namespace-state.js";
import { pluralName } from "../resources.js";
import { failed, ok, type ResolvedDeps, typeOf } from "./common.js";

/** `label namespace voting KEY=VALUE`: the one object whose labels the playground acts on. */
export function createLabel(deps: ResolvedDeps) {
  const { namespace, namespaceState } = deps;
  return (command: Extract<Command, { verb: "label" }>): CommandOutput => {
    const type = typeOf(command.resource);
    if (type.kind !== "Namespace") {
      throw new Refused(
        `the playground labels only its namespace (label namespace ${namespace} KEY=VALUE), not ${pluralName(type)}`,
      );
    }
    if (command.name !== namespace)
      return failed([`Error from server (NotFound): namespaces "${command.name}" not found`]);
    try {
      const { changed, warnings } = namespaceState.label(command.changes, command.overwrite);
      return ok([`namespace/${namespace} ${changed ? "labeled" : "not labeled"}`], warnings);
    } catch (error) {
      if (error instanceof LabelError) return failed([`error: ${error.message}`]);
      throw error;
    }
  };
}
