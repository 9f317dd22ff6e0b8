import { createRequire } from "node:module";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import express, { type Request, type Response } from "express";
import type { MeshView } from "./mesh-view.js";

const PUBLIC = join(dirname(fileURLToPath(import.meta.url)), "..", "public");
const CYTOSCAPE_DIST = dirname(createRequire(import.meta.url).resolve("cytoscape"));

// Scripts, styles and the live stream come from this server only: no inline code, no CDN.
const CONTENT_SECURITY_POLICY =
  "default-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'";

export interface ViewAppOptions {
  /** How often the live stream sends the graph again. */
  pushIntervalMs?: number;
}

/** The live view: the page, the graph as JSON and as a stream of events, and Istio's metrics. */
export function createViewApp(view: MeshView, options: ViewAppOptions = {}): express.Express {
  const pushIntervalMs = options.pushIntervalMs ?? 1000;
  const app = express();
  app.disable("x-powered-by");
  app.use((_req, res, next) => {
    res.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    res.set("X-Content-Type-Options", "nosniff");
    next();
  });
  app.use(express.static(PUBLIC, { index: "index.html" }));
  app.use("/vendor/cytoscape", express.static(CYTOSCAPE_DIST, { index: false }));

  app.get("/api/graph", (_req, res) => void res.json(view.graph()));
  app.get("/api/graph/stream", (req, res) => streamGraph(view, pushIntervalMs, req, res));
  app.get("/metrics", async (_req, res) => {
    const registry = view.metrics.registry;
    res.set("Content-Type", registry.contentType).send(await registry.metrics());
  });
  app.use((_req, res) => void res.status(404).json({ error: "Not found" }));
  return app;
}

/** Server-Sent Events: the graph now, then again every interval until the page goes away. */
function streamGraph(view: MeshView, intervalMs: number, req: Request, res: Response): void {
  res.writeHead(200, {
    "Content-Type": "text/event-stream",
    "Cache-Control": "no-store",
    Connection: "keep-alive",
  });
  const push = () => res.write(`data: ${JSON.stringify(view.graph())}\n\n`);
  push();
  const timer = setInterval(push, intervalMs);
  req.on("close", () => clearInterval(timer));
}

export interface RunningView {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** Serves the view on a port (20001, Kiali's, in the playground; 0 for any free port). */
export async function startViewServer(
  view: MeshView,
  options: ViewAppOptions & { port: number; host?: string },
): Promise<RunningView> {
  const app = createViewApp(view, options);
  const host = options.host ?? "127.0.0.1";
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(options.port, host, (error?: Error) =>
      error ? reject(error) : resolve(listening),
    );
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Live streams never end on their own.
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
