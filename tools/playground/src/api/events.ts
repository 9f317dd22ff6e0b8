import type { Pod } from "../pods/pod.js";
import { type ApiObject, iso, type ViewDeps } from "./objects.js";

/**
 * The events `describe pod` lists, read off each pod's state (the playground keeps no event
 * log): scheduled and pulled when created, started once running, and why it is not.
 */
export function podEvents(pods: readonly Pod[], deps: ViewDeps): ApiObject[] {
  return pods.flatMap((pod) => {
    const view = pod.view();
    const at = iso(view.createdAt);
    const event = (reason: string, message: string, type = "Normal"): ApiObject => ({
      apiVersion: "v1",
      kind: "Event",
      metadata: {
        name: `${view.name}.${reason.toLowerCase()}`,
        namespace: deps.namespace,
        creationTimestamp: at,
      },
      involvedObject: {
        kind: "Pod",
        name: view.name,
        namespace: deps.namespace,
        uid: `pod-${view.name}`,
        apiVersion: "v1",
      },
      type,
      reason,
      message,
      source: { component: "playground" },
      firstTimestamp: at,
      lastTimestamp: at,
      count: 1,
    });
    const containers = [pod.container.name, ...(pod.sidecar ? ["istio-proxy"] : [])];
    const events = [
      event("Scheduled", `Successfully assigned ${deps.namespace}/${view.name} to playground`),
    ];
    if (view.status === "ErrImagePull")
      return [...events, event("Failed", view.message ?? "", "Warning")];
    if (view.status === "CreateContainerConfigError")
      return [...events, event("Failed", `Error: ${view.message ?? ""}`, "Warning")];
    events.push(
      event("Pulled", `Container image "${pod.container.image}" already present on machine`),
    );
    if (view.status === "Running" || view.status === "Terminating") {
      for (const name of containers) events.push(event("Started", `Started container ${name}`));
    }
    if (view.status === "Error" || view.status === "CrashLoopBackOff")
      events.push(
        event(
          "BackOff",
          `Back-off restarting failed container ${pod.container.name}: ${view.message ?? ""}`,
          "Warning",
        ),
      );
    if (view.status === "Terminating")
      events.push(event("Killing", `Stopping container ${pod.container.name}`));
    return events;
  });
}
