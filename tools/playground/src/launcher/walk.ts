import { TUTORIAL_WALK, type WalkAction } from "@voting/manifests";
import type { KubectlResult } from "../kubectl.js";

const NAMESPACE = "voting";

export interface WalkDeps {
  /** Runs one kubectl command line against the playground. */
  kubectl: (argv: readonly string[]) => Promise<KubectlResult>;
  print: (line: string) => void;
}

export interface WalkOptions {
  /** The commands to run (default: the istioctl walk). */
  walk?: readonly WalkAction[];
  /** The namespace label for sidecar injection (`istio-injection=enabled`), set before step 1. */
  injectionLabel?: { readonly key: string; readonly value: string };
}

/** The kubectl command line of one of the tutorial's actions, as docs/tutorial.md prints it. */
export function kubectlArgs(action: WalkAction): string[] {
  return "apply" in action
    ? ["apply", "-f", action.apply, "--namespace", NAMESPACE]
    : [
        "delete",
        action.delete.kind.split(".")[0]!,
        "--selector",
        action.delete.selector,
        "--namespace",
        NAMESPACE,
      ];
}

const shown = (argv: readonly string[]) =>
  ["kubectl", ...argv.map((arg) => (/^[\w./=:-]+$/.test(arg) ? arg : `'${arg}'`))].join(" ");

/**
 * Runs the tutorial's kubectl commands of steps 1 to `step`, in its order, printing each with
 * what it printed: first the namespace and its label, then each apply and delete. Throws if one
 * fails: a walk that stops half way would leave a confusing cluster.
 */
export async function walkTo(
  step: number,
  deps: WalkDeps,
  options: WalkOptions = {},
): Promise<void> {
  if (step < 1) return;
  const commands: { argv: string[]; step: number }[] = [
    { argv: ["create", "namespace", NAMESPACE], step: 1 },
  ];
  const label = options.injectionLabel;
  if (label)
    commands.push({
      argv: ["label", "namespace", NAMESPACE, `${label.key}=${label.value}`],
      step: 1,
    });
  for (const action of (options.walk ?? TUTORIAL_WALK).filter((entry) => entry.step <= step))
    commands.push({ argv: kubectlArgs(action), step: action.step });
  for (const command of commands) {
    deps.print(`$ ${shown(command.argv)}`);
    const result = await deps.kubectl(command.argv);
    for (const line of `${result.stdout}${result.stderr}`.trimEnd().split("\n"))
      if (line) deps.print(line);
    if (result.code !== 0) throw new Error(`step ${command.step} failed: ${result.stderr.trim()}`);
  }
}
