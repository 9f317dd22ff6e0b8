import { createServer } from "node:net";

/** A TCP port on the loopback interface that nothing listens on right now. */
export async function findFreePort(): Promise<number> {
  const server = createServer();
  await listen(server, 0, "127.0.0.1");
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no port was assigned");
  return address.port;
}

/**
 * Whether a server could listen on `port` both on 127.0.0.1 and on all interfaces (where our
 * services listen), i.e. nothing else holds it.
 */
export async function isPortFree(port: number): Promise<boolean> {
  for (const host of ["127.0.0.1", undefined]) {
    const server = createServer();
    try {
      await listen(server, port, host);
    } catch {
      return false;
    }
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  return true;
}

function listen(server: ReturnType<typeof createServer>, port: number, host?: string) {
  return new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port, host, exclusive: true }, () => {
      server.off("error", reject);
      resolve();
    });
  });
}
