import type { IRouter } from "express";

/**
 * Readiness tells the truth: ready only when the backend answers and the service is not draining.
 * Liveness is the process itself, so /healthz never touches a backend.
 */
export class Readiness {
  private draining = false;

  constructor(private readonly checkBackend: () => Promise<void>) {}

  startDraining(): void {
    this.draining = true;
  }

  get isDraining(): boolean {
    return this.draining;
  }

  /** Resolves to null when ready, or to the reason it is not. */
  async notReadyReason(): Promise<string | null> {
    if (this.draining) return "shutting down";
    try {
      await this.checkBackend();
      return null;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }
}

/**
 * Adds the probes to `router`, usually the app itself: a nested Router would add its own pass
 * over every request, probes or not.
 */
export function addHealthRoutes(router: IRouter, readiness: Readiness): void {
  router.get("/healthz", (_req, res) => {
    res.json({ status: "alive" });
  });
  router.get("/readyz", async (_req, res) => {
    const reason = await readiness.notReadyReason();
    if (reason === null) res.json({ status: "ready" });
    else res.status(503).json({ status: "not ready", reason });
  });
}
