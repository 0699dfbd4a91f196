import { describe, expect, it } from "vitest";
import { runPool } from "../../src/grading/pool.js";

const workerUrl = new URL("./fixtures/echo-worker.mjs", import.meta.url);

function run(tasks: string[], opts: { workers?: number; chunkSize?: number; taskTimeoutMs?: number } = {}) {
  return runPool<string, string>({
    workerUrl,
    workers: opts.workers ?? 2,
    tasks,
    chunkSize: opts.chunkSize ?? 3,
    taskTimeoutMs: opts.taskTimeoutMs ?? 5000,
    onFailure: (payload, index, why) => `${why}:${index}:${payload}`,
  });
}

describe("worker pool", () => {
  it("returns one result per task, in task order, across chunks and workers", async () => {
    const tasks = Array.from({ length: 23 }, (_, k) => `t${k}`);
    expect(await run(tasks)).toEqual(tasks.map((t) => `ok:${t}`));
  });

  it("handles an empty task list", async () => {
    expect(await run([])).toEqual([]);
  });

  it("cuts a hung task, replaces its worker, and finishes the rest of its chunk", async () => {
    const tasks = ["a", "b", "hang", "c", "d", "e", "f"];
    const out = await run(tasks, { taskTimeoutMs: 1500, chunkSize: 4 });
    expect(out).toEqual(["ok:a", "ok:b", "timeout:2:hang", "ok:c", "ok:d", "ok:e", "ok:f"]);
  });

  it("survives workers that exit or throw", async () => {
    const out = await run(["x", "crash", "y", "throw", "z"], { workers: 1, chunkSize: 5 });
    expect(out[0]).toBe("ok:x");
    expect(out[1]).toBe("crash:1:crash");
    expect(out[2]).toBe("ok:y");
    expect(out[3]).toBe("crash:3:throw");
    expect(out[4]).toBe("ok:z");
  });

  it("counts a worker that never finishes loading as crashed, task by task", async () => {
    const out = await runPool<string, string>({
      workerUrl: new URL("./fixtures/silent-worker.mjs", import.meta.url),
      workers: 1,
      tasks: ["a", "b"],
      chunkSize: 2,
      taskTimeoutMs: 5000,
      startupTimeoutMs: 300,
      onFailure: (payload, index, why) => `${why}:${index}:${payload}`,
    });
    expect(out).toEqual(["crash:0:a", "crash:1:b"]);
  });
});
