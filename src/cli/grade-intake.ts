/** `grade --notebooks DIR | --csv FILE --map answers.yaml`: reads the map and the class's files, grades them. */
import { readFileSync } from "node:fs";
import { UsageError } from "./command.js";
import { getQuestion, questionIds } from "../questions/index.js";
import { csvSubmissions, gradeSubmissions, readAnswerMap, readNotebookFolder, MapError, type AnswerMap, type IntakeRecord, type Submission } from "../intake/index.js";

export interface IntakeRequest {
  notebooks?: string;
  csv?: string;
  map: string;
  seed?: number;
  budgetMs?: number;
  workers?: number;
}

function readText(flag: string, file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (e) {
    throw new UsageError(`cannot read ${flag} ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export function loadMap(file: string): AnswerMap {
  try {
    return readAnswerMap(readText("--map", file), file, getQuestion, questionIds);
  } catch (e) {
    if (e instanceof MapError) throw new UsageError(e.message);
    throw e;
  }
}

function submissions(req: IntakeRequest, map: AnswerMap): Submission[] {
  const labels = map.entries.map((e) => e.label);
  if (req.notebooks !== undefined) {
    try {
      return readNotebookFolder(req.notebooks, labels);
    } catch (e) {
      throw new UsageError(`cannot read --notebooks ${req.notebooks}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (req.csv === undefined) throw new UsageError("give --notebooks DIR or --csv FILE");
  try {
    return csvSubmissions(readText("--csv", req.csv), req.csv, map);
  } catch (e) {
    if (e instanceof MapError) throw new UsageError(e.message);
    throw e;
  }
}

export async function intakeRecords(req: IntakeRequest): Promise<IntakeRecord[]> {
  const map = loadMap(req.map);
  return gradeSubmissions(submissions(req, map), map, { lookup: getQuestion, seed: req.seed, budgetMs: req.budgetMs, workers: req.workers });
}
