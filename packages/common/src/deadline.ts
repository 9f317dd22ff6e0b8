/** Rejects with `onTimeout()` if `work` has not settled within `ms`; the timer never keeps the process alive. */
export function withDeadline<T>(work: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms).unref();
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
