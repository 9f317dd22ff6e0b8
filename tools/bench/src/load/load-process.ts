// Entry point of the load process. The bench starts one for a whole run and sends it one
// LoadSpec at a time, so autocannon never shares an event loop (or a core's worth of time
// slices) with the bench's own sampling, and no run pays for starting a process.
import { drive } from "./drive.js";
import type { LoadSpec } from "./spec.js";

let queue = Promise.resolve();

process.on("message", (spec: LoadSpec) => {
  queue = queue.then(() =>
    drive(spec).then(
      (result) => void process.send!({ ok: true, result }),
      (error: unknown) =>
        void process.send!({ ok: false, message: String((error as Error)?.message ?? error) }),
    ),
  );
});
// The bench closing the channel is the signal to go.
process.on("disconnect", () => process.exit(0));
