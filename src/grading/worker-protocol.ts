/**
 * The worker side of the pool protocol (pool.ts): say when loaded, then answer each task of a chunk
 * with its own message as soon as it is done, so the pool can tell which task is running.
 */
import { parentPort } from "node:worker_threads";

export interface ChunkMessage<P> {
  chunk: Array<{ index: number; payload: P }>;
}

export function serveTasks<P, R>(handler: (payload: P) => R): void {
  const port = parentPort;
  if (!port) throw new Error("serveTasks must run inside a worker thread");
  port.on("message", (msg: ChunkMessage<P>) => {
    for (const task of msg.chunk) port.postMessage({ index: task.index, result: handler(task.payload) });
  });
  // Everything the handler needs is loaded by now (static imports): tasks may start.
  port.postMessage({ ready: true });
}
