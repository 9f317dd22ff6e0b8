import type { Request, Response } from "express";
import type { Pod } from "../pods/pod.js";
import type { ApiObject } from "./objects.js";
import { badRequest } from "./status.js";

/**
 * `kubectl logs POD [-c CONTAINER] [--tail N] [-f]`: the lines the pod's container printed,
 * then, when following, each new one as it comes, until the pod is gone or kubectl stops.
 * The `istio-proxy` sidecar is the playground's own, which prints to the playground's output.
 */
export function servePodLog(req: Request, res: Response, object: ApiObject, pod: Pod): void {
  const container = (req.query.container as string | undefined) ?? pod.container.name;
  const sidecar = container === "istio-proxy" && pod.sidecar;
  if (container !== pod.container.name && !sidecar)
    throw badRequest(`container ${container} is not valid for pod ${String(object.metadata.name)}`);
  const lines = sidecar ? [] : pod.logs();
  const tail = req.query.tailLines === undefined ? lines.length : Number(req.query.tailLines);
  res.writeHead(200, { "content-type": "text/plain" });
  for (const line of lines.slice(Math.max(0, lines.length - tail))) res.write(`${line}\n`);
  if (req.query.follow !== "true" || sidecar) return void res.end();
  // kubectl counts the stream as open once the headers come, even with no line yet.
  res.flushHeaders();
  const stop = pod.follow(
    (line) => res.write(`${line}\n`),
    () => res.end(),
  );
  res.on("close", stop);
}
