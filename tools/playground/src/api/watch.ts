import type { Request, Response } from "express";
import type { ApiObject } from "./objects.js";

export interface WatchDeps {
  list: () => ApiObject[];
  /** Wraps one object in a Table, when kubectl asked for tables (`get -w`). */
  table?: (objects: ApiObject[]) => unknown;
  subscribe: (listener: () => void) => () => void;
  revision: () => number;
}

const identity = (object: ApiObject) => String(object.metadata.name);
// The resourceVersion moves with every change anywhere; an object changed if anything else did.
const contents = (object: ApiObject) =>
  JSON.stringify({ ...object, metadata: { ...object.metadata, resourceVersion: undefined } });

/**
 * A watch: one JSON event per line (ADDED, MODIFIED, DELETED) as the objects change, until the
 * client goes or `timeoutSeconds` pass.
 */
export function serveWatch(req: Request, res: Response, deps: WatchDeps): void {
  const known = new Map<string, string>();
  res.writeHead(200, { "content-type": "application/json", "transfer-encoding": "chunked" });
  // The client waits for the headers before it counts the watch as started.
  res.flushHeaders();
  const send = (type: string, object: ApiObject) =>
    res.write(`${JSON.stringify({ type, object: deps.table ? deps.table([object]) : object })}\n`);
  const sync = (quiet: boolean) => {
    const objects = deps.list();
    const seen = new Set<string>();
    for (const object of objects) {
      const key = identity(object);
      seen.add(key);
      const text = contents(object);
      if (known.get(key) === text) continue;
      if (!quiet) send(known.has(key) ? "MODIFIED" : "ADDED", object);
      known.set(key, text);
    }
    for (const [key, text] of known) {
      if (seen.has(key)) continue;
      known.delete(key);
      if (!quiet) send("DELETED", JSON.parse(text) as ApiObject);
    }
  };
  // From the resourceVersion of a list: if anything changed since, say so for every object (the
  // playground keeps no history to tell which); otherwise only what changes from now on.
  const from = Number(req.query.resourceVersion ?? 0);
  sync(from > 0 && from >= deps.revision());
  const unsubscribe = deps.subscribe(() => sync(false));
  const timeout = Number(req.query.timeoutSeconds ?? 1800);
  const timer = setTimeout(() => res.end(), Math.max(1, timeout) * 1000);
  res.on("close", () => {
    clearTimeout(timer);
    unsubscribe();
  });
}
