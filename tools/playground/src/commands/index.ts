import { Refused } from "../errors.js";
import type { Command, CommandOutput } from "../kubectl/command.js";
import { createNamespaceState } from "../namespace-state.js";
import { createChanges } from "./change.js";
import { type CommandDeps, failed } from "./common.js";
import { createLabel } from "./label.js";
import { createViews } from "./show.js";

export type { CommandDeps } from "./common.js";

/** Runs one kubectl command against the playground's objects and pods. */
export function createCommands(given: CommandDeps): (command: Command) => CommandOutput {
  const deps = {
    ...given,
    namespaceState: given.namespaceState ?? createNamespaceState(given.namespace),
  };
  const { apply, remove } = createChanges(deps);
  const { get, logs } = createViews(deps);
  const label = createLabel(deps);
  const { namespace } = deps;
  return (command) => {
    try {
      if (command.namespace !== namespace) {
        throw new Refused(
          `the playground serves only namespace ${namespace}, not "${command.namespace}"`,
        );
      }
      switch (command.verb) {
        case "apply":
          return apply(command.sources);
        case "delete":
          return remove(command);
        case "get":
          return get(command);
        case "logs":
          return logs(command);
        case "label":
          return label(command);
      }
    } catch (error) {
      return failed([`error: ${(error as Error).message}`]);
    }
  };
}
