import { request } from "node:http";

/** One GET; resolves to its status, or 0 when nothing answered. Never rejects. */
export function statusOf(url: string, timeoutMs = 1000): Promise<number> {
  return new Promise((resolve) => {
    const req = request(url, { agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(0));
    req.end();
  });
}

/**
 * Polls `url` every 5 ms until it answers 200 and resolves to the milliseconds since `startedAt`
 * (a performance.now() reading), or rejects past `timeoutMs` or when `gone()` names a reason.
 */
export async function waitFor200(
  url: string,
  startedAt: number,
  options: { timeoutMs: number; gone: () => string | undefined },
): Promise<number> {
  for (;;) {
    if ((await statusOf(url)) === 200) return performance.now() - startedAt;
    const reason = options.gone();
    if (reason) throw new Error(`${url} never answered 200: the process ${reason}`);
    if (performance.now() - startedAt > options.timeoutMs) {
      throw new Error(`${url} did not answer 200 within ${options.timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
