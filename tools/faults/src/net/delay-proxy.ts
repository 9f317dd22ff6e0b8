import { connect, createServer, type Socket } from "node:net";
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { now } from "../load/clock.js";

/**
 * A TCP proxy between voting-app and voting-analytics that can hold back analytics' answers:
 * "analytics is slow" without touching analytics.
 */
export interface DelayProxy {
  readonly port: number;
  /** Every byte analytics sends from now on reaches the app this much later (0: at once). */
  setDelay(ms: number): void;
  /** How many chunks from analytics it holds back right now. */
  held(): number;
  close(): Promise<void>;
}

export async function startDelayProxy(target: { host: string; port: number }): Promise<DelayProxy> {
  let delayMs = 0;
  const sockets = new Set<Socket>();
  const writers = new Set<DelayedWriter>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  };

  const server = createServer((client) => {
    const upstream = connect(target);
    track(client);
    track(upstream);
    const toClient = delayedWriter(client, () => delayMs);
    writers.add(toClient);
    client.once("close", () => writers.delete(toClient));
    const destroyBoth = () => {
      toClient.cancel();
      client.destroy();
      upstream.destroy();
    };
    client.on("data", (chunk: Buffer) => upstream.write(chunk));
    client.on("end", () => upstream.end());
    upstream.on("data", (chunk: Buffer) => toClient.push(chunk));
    upstream.on("end", () => toClient.push(null));
    client.on("error", destroyBoth);
    upstream.on("error", destroyBoth);
    client.on("close", destroyBoth);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");

  return {
    port: (server.address() as AddressInfo).port,
    setDelay: (ms) => {
      delayMs = ms;
    },
    held: () => [...writers].reduce((sum, writer) => sum + writer.held(), 0),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

interface DelayedWriter {
  /** A chunk, or null for "end of stream". */
  push(chunk: Buffer | null): void;
  cancel(): void;
  held(): number;
}

/** Writes chunks to `out` in order, each no earlier than `delay()` after it arrived. */
function delayedWriter(out: Socket, delay: () => number): DelayedWriter {
  const queue: { at: number; chunk: Buffer | null }[] = [];
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    timer = undefined;
    while (queue.length > 0 && queue[0]!.at <= now()) {
      const { chunk } = queue.shift()!;
      if (out.destroyed) continue;
      if (chunk === null) out.end();
      else out.write(chunk);
    }
    if (queue.length > 0) timer = setTimeout(flush, Math.max(1, queue[0]!.at - now()));
  };
  return {
    push(chunk) {
      const previous = queue.at(-1)?.at ?? 0;
      queue.push({ at: Math.max(now() + delay(), previous), chunk });
      if (timer === undefined) flush();
    },
    cancel() {
      clearTimeout(timer);
      timer = undefined;
      queue.length = 0;
    },
    held: () => queue.length,
  };
}
