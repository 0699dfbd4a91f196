/** Entry point of a grading worker thread (compiled to dist/src/grading/worker.js; see batch.ts). */
import { workerData } from "node:worker_threads";
import { serveTasks } from "./worker-protocol.js";
import { gradeLine, type LineTask, type LineOptions } from "./line.js";

const opts = workerData as LineOptions;
serveTasks((task: LineTask) => gradeLine(task, opts));
