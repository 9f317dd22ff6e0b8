import type { KubeObject } from "@voting/mesh";
import { TUTORIAL_WALK, type WalkAction } from "@voting/manifests";
import type { Command, CommandOutput } from "../kubectl/command.js";
import { NAMESPACE } from "../kubectl/args.js";

export interface WalkDeps {
  run: (command: Command) => CommandOutput;
  load: (file: string) => readonly KubeObject[];
  print: (line: string) => void;
}

export interface WalkOptions {
  /** The commands to run (default: the istioctl walk). */
  walk?: readonly WalkAction[];
  /** The namespace label for sidecar injection (`istio-injection=enabled`), set before step 1. */
  injectionLabel?: { readonly key: string; readonly value: string };
}

/** The local command a learner types for one of the tutorial's. */
export function localCommand(action: WalkAction): string {
  return "apply" in action
    ? `npm run apply -- -f ${action.apply} --namespace ${NAMESPACE}`
    : `npm run delete -- ${action.delete.kind} -l '${action.delete.selector}' --namespace ${NAMESPACE}`;
}

/**
 * Runs the tutorial's commands of steps 1 to `step`, in its order, printing each with what it
 * printed: first the namespace's label, then each apply and delete. Throws if one fails: a
 * walk that stops half way would leave a confusing cluster.
 */
export function walkTo(step: number, deps: WalkDeps, options: WalkOptions = {}): void {
  const run = (shown: string, command: Command, what: string) => {
    deps.print(`$ ${shown}`);
    const output = deps.run(command);
    [...output.stdout, ...output.stderr].forEach((line) => deps.print(line));
    if (output.exitCode !== 0) throw new Error(`${what} failed: ${output.stderr.join("; ")}`);
  };
  const label = options.injectionLabel;
  if (step >= 1 && label) {
    const text = `${label.key}=${label.value}`;
    run(
      `npm run label -- namespace ${NAMESPACE} ${text}`,
      {
        verb: "label",
        namespace: NAMESPACE,
        resource: "namespace",
        name: NAMESPACE,
        changes: [label],
        overwrite: false,
      },
      "step 1",
    );
  }
  for (const action of (options.walk ?? TUTORIAL_WALK).filter((entry) => entry.step <= step)) {
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
    run(localCommand(action), command, `step ${action.step}`);
  }
}
