/**
 * A pool of worker threads that runs a list of tasks in chunks and returns results in task order.
 * Each worker answers every task of its chunk with one message as soon as it is done, so the pool
 * knows which task is running; a task that takes longer than `taskTimeoutMs` (or crashes its
 * worker) gets `onFailure(...)` as its result, the worker is terminated and replaced, and the rest
 * of its chunk goes to the replacement. One bad task never stalls the batch.
 *
 * Protocol (see worker-protocol.ts): the worker posts `{ ready: true }` once its modules are loaded
 * (loading is not charged to any task: it can take seconds on a busy machine); the pool then posts
 * `{ chunk: [{ index, payload }] }` and the worker posts `{ index, result }` per task.
 */
import { Worker } from "node:worker_threads";

export interface PoolOptions<P, R> {
  workerUrl: URL;
  workerData?: unknown;
  workers: number;
  tasks: P[];
  chunkSize: number;
  taskTimeoutMs: number;
  onFailure: (payload: P, index: number, why: "timeout" | "crash", detail: string) => R;
  /** How long a worker may take to load before it counts as crashed (default 120 s). */
  startupTimeoutMs?: number;
}

interface Pending<P> {
  index: number;
  payload: P;
}

export function runPool<P, R>(opts: PoolOptions<P, R>): Promise<R[]> {
  const results: R[] = new Array(opts.tasks.length);
  const queue: Pending<P>[][] = [];
  for (let start = 0; start < opts.tasks.length; start += opts.chunkSize) {
    queue.push(opts.tasks.slice(start, start + opts.chunkSize).map((payload, k) => ({ index: start + k, payload })));
  }
  let remaining = opts.tasks.length;
  if (remaining === 0) return Promise.resolve(results);

  return new Promise<R[]>((resolve) => {
    const slots = Math.max(1, Math.min(opts.workers, queue.length));

    const startWorker = (): void => {
      const chunk = queue.shift();
      if (!chunk) return;
      const worker = new Worker(opts.workerUrl, { workerData: opts.workerData });
      let current = chunk;
      let timer: NodeJS.Timeout | null = null;
      let finished = false;

      let ready = false;
      const arm = (): void => {
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => fail("timeout", `no answer within ${opts.taskTimeoutMs} ms`), opts.taskTimeoutMs);
      };
      const settle = (index: number, result: R): void => {
        if (results[index] !== undefined) return;
        results[index] = result;
        remaining--;
        if (remaining === 0) resolve(results);
      };
      const nextChunk = (): void => {
        const more = queue.shift();
        if (!more) {
          finished = true;
          if (timer) clearTimeout(timer);
          void worker.terminate();
          return;
        }
        current = more;
        arm();
        worker.postMessage({ chunk: current });
      };
      // The running task failed: give it its failure result, hand the rest of its chunk to a fresh worker.
      const fail = (why: "timeout" | "crash", detail: string): void => {
        if (finished) return;
        finished = true;
        if (timer) clearTimeout(timer);
        worker.removeAllListeners();
        worker.on("error", () => undefined);
        void worker.terminate();
        const [bad, ...rest] = current;
        if (bad) settle(bad.index, opts.onFailure(bad.payload, bad.index, why, detail));
        if (rest.length > 0) queue.unshift(rest);
        if (queue.length > 0) startWorker();
      };

      worker.on("message", (msg: { ready?: true; index: number; result: R }) => {
        if (finished) return;
        if (msg.ready) {
          if (!ready) {
            ready = true;
            arm();
            worker.postMessage({ chunk: current });
          }
          return;
        }
        settle(msg.index, msg.result);
        current = current.filter((t) => t.index !== msg.index);
        if (current.length === 0) nextChunk();
        else arm();
      });
      worker.on("error", (err) => fail("crash", err instanceof Error ? err.message : String(err)));
      worker.on("exit", (code) => {
        if (!finished) fail("crash", `worker exited with code ${code}`);
      });
      const startup = opts.startupTimeoutMs ?? 120_000;
      timer = setTimeout(() => fail("crash", `the worker did not start within ${startup} ms`), startup);
    };

    for (let k = 0; k < slots; k++) startWorker();
  });
}
