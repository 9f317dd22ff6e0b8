import { execFile } from "node:child_process";
import { dirname, join } from "node:path";

/** What one kubectl command printed, and how it exited. */
export interface KubectlResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export const INSTALL_KUBECTL =
  "install kubectl 1.28 or later (https://kubernetes.io/docs/tasks/tools/; on Debian or Ubuntu the kubectl package of pkgs.k8s.io)";

export class KubectlMissing extends Error {
  override readonly name = "KubectlMissing";
  constructor() {
    super(`kubectl is not on the PATH: ${INSTALL_KUBECTL}`);
  }
}

/**
 * Runs the real kubectl against the cluster of `kubeconfig`, from `cwd`. Its discovery cache
 * goes beside the kubeconfig, not into the user's ~/.kube.
 */
export function runKubectl(
  argv: readonly string[],
  options: { kubeconfig: string; cwd: string; timeoutMs?: number },
): Promise<KubectlResult> {
  return new Promise((resolve, reject) => {
    execFile(
      "kubectl",
      [...argv],
      {
        cwd: options.cwd,
        env: {
          ...process.env,
          KUBECONFIG: options.kubeconfig,
          KUBECACHEDIR: join(dirname(options.kubeconfig), "kube-cache"),
        },
        timeout: options.timeoutMs ?? 60_000,
      },
      (error, stdout, stderr) => {
        if ((error as NodeJS.ErrnoException | null)?.code === "ENOENT")
          return reject(new KubectlMissing());
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
