import type { KubeObject } from "@voting/mesh";
import { TUTORIAL_WALK, type WalkAction } from "@voting/manifests";
import type { Command, CommandOutput } from "../kubectl/command.js";
import { NAMESPACE } from "../kubectl/args.js";

export interface WalkDeps {
  run: (command: Command) => CommandOutput;
  load: (file: string) => readonly KubeObject[];
  print: (line: string) => void;
}

/** The local command a learner types for one of the tutorial's. */
export function localCommand(action: WalkAction): string {
  return "apply" in action
    ? `npm run apply -- -f ${action.apply} --namespace ${NAMESPACE}`
    : `npm run delete -- ${action.delete.kind} -l '${action.delete.selector}' --namespace ${NAMESPACE}`;
}

/**
 * Runs the tutorial's commands of steps 1 to `step`, in its order, printing each with what it
 * printed. Throws if one fails: a walk that stops half way would leave a confusing cluster.
 */
export function walkTo(step: number, deps: WalkDeps): void {
  for (const action of TUTORIAL_WALK.filter((entry) => entry.step <= step)) {
    const command: Command =
      "apply" in action
        ? {
            verb: "apply",
            namespace: NAMESPACE,
            sources: [{ file: action.apply, objects: deps.load(action.apply) }],
          }
        : {
            verb: "delete",
            namespace: NAMESPACE,
            ignoreNotFound: false,
            target: { resource: action.delete.kind, selector: action.delete.selector },
          };
    deps.print(`$ ${localCommand(action)}`);
    const output = deps.run(command);
    [...output.stdout, ...output.stderr].forEach((line) => deps.print(line));
    if (output.exitCode !== 0)
      throw new Error(`step ${action.step} failed: ${output.stderr.join("; ")}`);
  }
}
