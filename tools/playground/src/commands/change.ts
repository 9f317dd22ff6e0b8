import {
  type AppliedResources,
  applyResources,
  deleteNamed,
  deleteResources,
  type KubeObject,
  kubectlKind,
  parseLabelSelector,
} from "@voting/mesh";
import { Refused } from "../errors.js";
import type { Command, CommandOutput, Source } from "../kubectl/command.js";
import { pluralName, resolveResource, singularName, unservedKind } from "../resources.js";
import { failed, ok, type ResolvedDeps, typeOf } from "./common.js";

/** `apply` and `delete`: each change is checked as a whole before it replaces the config. */
export function createChanges(deps: ResolvedDeps) {
  const { namespace, config } = deps;

  const commit = (next: AppliedResources) => {
    deps.check([...next.values()]);
    config.replace(next);
  };

  const apply = (sources: readonly Source[]): CommandOutput => {
    let applied = config.applied;
    const lines: string[] = [];
    for (const source of sources) {
      for (const object of source.objects as KubeObject[]) {
        const why = unservedKind(object);
        if (why)
          throw new Refused(
            `${object.kind} ${object.metadata?.name} from "${source.file}": ${why}`,
          );
      }
      const result = applyResources(applied, source.objects as KubeObject[], namespace);
      applied = result.applied;
      lines.push(...result.lines);
    }
    commit(applied);
    for (const source of sources) {
      for (const object of source.objects as KubeObject[]) {
        if (object.kind === "Namespace" && object.metadata.name === namespace)
          deps.namespaceState.merge(object.metadata.labels ?? {});
      }
    }
    return ok(lines);
  };

  const deletePods = (names: readonly string[], ignoreNotFound: boolean): CommandOutput => {
    const stdout: string[] = [];
    const stderr: string[] = [];
    for (const name of names) {
      if (deps.controller.deletePod(name))
        stdout.push(`pod "${name}" deleted from ${namespace} namespace`);
      else if (!ignoreNotFound)
        stderr.push(`Error from server (NotFound): pods "${name}" not found`);
    }
    return { stdout, stderr, exitCode: stderr.length > 0 ? 1 : 0 };
  };

  const remove = (command: Extract<Command, { verb: "delete" }>): CommandOutput => {
    const { target, ignoreNotFound } = command;
    if ("sources" in target) {
      const refs = target.sources.flatMap((source) =>
        (source.objects as KubeObject[]).map((object) => ({
          kind: kubectlKind(object),
          name: object.metadata.name,
          file: source.file,
        })),
      );
      const result = deleteNamed(config.applied, refs, namespace);
      commit(result.applied);
      const stderr = ignoreNotFound
        ? []
        : result.notFound.map((ref) => {
            const type = resolveResource(ref.kind.split(".")[0]!);
            const plural = type ? pluralName(type) : ref.kind;
            const file = refs.find(
              (entry) => entry.kind === ref.kind && entry.name === ref.name,
            )?.file;
            return `Error from server (NotFound): error when deleting "${file}": ${plural} "${ref.name}" not found`;
          });
      return { stdout: result.lines, stderr, exitCode: stderr.length > 0 ? 1 : 0 };
    }
    const type = typeOf(target.resource);
    if (type.kind === "Namespace") {
      if ("selector" in target)
        throw new Refused("deleting namespaces by label is not supported by the playground");
      const others = target.names.filter((name) => name !== namespace);
      if (others.length > 0)
        return failed(
          others.map((name) => `Error from server (NotFound): namespaces "${name}" not found`),
        );
      // The namespace is the playground's own: emptying it, labels included, is what deleting
      // it and creating it again leaves behind.
      commit(new Map());
      deps.namespaceState.reset();
      return ok([`namespace "${namespace}" deleted`]);
    }
    if (type.kind === "Pod") {
      if ("names" in target) return deletePods(target.names, ignoreNotFound);
      const matches = parseLabelSelector(target.selector);
      const names = deps.controller
        .pods()
        .filter((pod) => !pod.terminating && matches(pod.labels))
        .map((pod) => pod.name)
        .sort();
      return names.length > 0 ? deletePods(names, ignoreNotFound) : ok([], ["No resources found"]);
    }
    if ("selector" in target) {
      const result = deleteResources(
        config.applied,
        singularName(type),
        target.selector,
        namespace,
      );
      commit(result.applied);
      return result.lines.length > 0 ? ok(result.lines) : ok([], ["No resources found"]);
    }
    const result = deleteNamed(
      config.applied,
      target.names.map((name) => ({ kind: singularName(type), name })),
      namespace,
    );
    commit(result.applied);
    const stderr = ignoreNotFound
      ? []
      : result.notFound.map(
          (ref) => `Error from server (NotFound): ${pluralName(type)} "${ref.name}" not found`,
        );
    return { stdout: result.lines, stderr, exitCode: stderr.length > 0 ? 1 : 0 };
  };

  return { apply, remove };
}
