import { createRequire } from "node:module";

/**
 * node:http, read through require. From Node 22 on, importing node:http as an ES module reads
 * every one of its exports, WebSocket among them, and that getter loads the copy of undici Node
 * bundles: on Node 26, 17 MB more RSS and 3.4 MB more heap in a service that never uses it.
 * require leaves the getter unread.
 */
const http = createRequire(import.meta.url)("node:http") as typeof import("node:http");

export const { createServer, IncomingMessage, ServerResponse } = http;
