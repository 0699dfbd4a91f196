/** Reading a class's submissions (notebooks, Markdown answer files, LMS CSV exports) and grading them by an answer map. */
export { readAnswerMap, MapError, type AnswerMap, type MapEntry, type QuestionLookup } from "./map.js";
export { findAnswers, labelKey, TAG_PREFIX, type Cell, type FoundAnswer } from "./labels.js";
export { mathText, type MathText } from "./math.js";
export { notebookCells, type IntakeFailure } from "./notebook.js";
export { readNotebookFolder, readNotebookFile, studentOf } from "./folder.js";
export { readSubmission, cellSubmission, MAX_NOTEBOOK_BYTES, type SubmissionRead } from "./submission.js";
export { gradeSubmissions, type Submission, type SubmittedAnswer, type IntakeRecord, type IntakeOptions } from "./grade-answers.js";
export { parseCsv, type CsvRow, type CsvTable } from "./csv.js";
export { csvSubmissions, STUDENT_COLUMNS } from "./csv-submissions.js";
