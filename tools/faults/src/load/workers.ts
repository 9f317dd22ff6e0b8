import { now } from "./clock.js";

export interface WorkerPlan {
  workers: number;
  /** One unit of work: worker number and its step count so far. */
  step: (worker: number, index: number) => Promise<void>;
  /** Checked before each step; true ends the worker. */
  done?: (worker: number) => boolean;
  /** Hard ceilings, whatever `done` says: no load runs unbounded. */
  maxStepsPerWorker: number;
  maxMs: number;
}

/** Runs `workers` concurrent loops of `step` until each is done; resolves with the steps taken. */
export async function runWorkers(plan: WorkerPlan): Promise<number> {
  const deadline = now() + plan.maxMs;
  let steps = 0;
  const loop = async (worker: number) => {
    for (let index = 0; index < plan.maxStepsPerWorker; index++) {
      if (now() >= deadline || plan.done?.(worker)) return;
      await plan.step(worker, index);
      steps++;
    }
  };
  await Promise.all(Array.from({ length: plan.workers }, (_, worker) => loop(worker)));
  return steps;
}

/**
 * Keeps `workers` loops of `step` going while `body` runs (faults, signals), then stops them
 * and waits for the steps in flight. `maxMs` bounds the load whatever `body` does.
 */
export async function whileLoaded<T>(
  load: { workers: number; maxMs: number; step: WorkerPlan["step"]; done?: WorkerPlan["done"] },
  body: () => Promise<T>,
): Promise<T> {
  let stopped = false;
  const running = runWorkers({
    workers: load.workers,
    step: load.step,
    done: (worker) => stopped || (load.done?.(worker) ?? false),
    maxStepsPerWorker: 1_000_000,
    maxMs: load.maxMs,
  });
  try {
    return await body();
  } finally {
    stopped = true;
    await running;
  }
}
