/**
 * RFC 4180 CSV: fields separated by commas, rows by CRLF (LF or a lone CR too), a field in double
 * quotes may hold commas, line breaks and doubled quotes (`""`). A byte-order mark is dropped. Lenient
 * where LMS exports are sloppy (a quote inside an unquoted field is kept as text); a quoted field that
 * is never closed ends the file with an error naming the line it opened on. One pass, linear.
 */

export interface CsvRow {
  fields: string[];
  /** The file line the row starts on (1-based). */
  line: number;
}

export interface CsvTable {
  rows: CsvRow[];
  /** A quoted field never closed: the rows before it are kept; its row starts at `line`, with `fields` read before the quote. */
  error: { line: number; message: string; fields: string[] } | null;
}

export function parseCsv(input: string): CsvTable {
  const s = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const rows: CsvRow[] = [];
  let fields: string[] = [];
  let field = "";
  let line = 1;
  let rowLine = 1;
  let i = 0;
  const endRow = (): void => {
    fields.push(field);
    // A blank line is no row (it holds no student).
    if (!(fields.length === 1 && fields[0] === "")) rows.push({ fields, line: rowLine });
    fields = [];
    field = "";
  };
  while (i < s.length) {
    const c = s[i];
    if (c === '"' && field === "") {
      const open = line;
      let j = i + 1;
      let text = "";
      for (;;) {
        const q = s.indexOf('"', j);
        if (q < 0) return { rows, error: { line: rowLine, message: `a quoted field opened on line ${open} is never closed`, fields } };
        const chunk = s.slice(j, q);
        for (let k = 0; k < chunk.length; k++) if (chunk[k] === "\n" || (chunk[k] === "\r" && chunk[k + 1] !== "\n")) line++;
        text += chunk;
        if (s[q + 1] === '"') {
          text += '"';
          j = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      field = text;
      // Text after the closing quote (sloppy exports) is kept as part of the field.
      while (i < s.length && s[i] !== "," && s[i] !== "\n" && s[i] !== "\r") field += s[i++];
      continue;
    }
    if (c === ",") {
      fields.push(field);
      field = "";
      i++;
      continue;
    }
    if (c === "\n" || c === "\r") {
      endRow();
      i += c === "\r" && s[i + 1] === "\n" ? 2 : 1;
      line++;
      rowLine = line;
      continue;
    }
    field += c;
    i++;
  }
  if (field !== "" || fields.length > 0) endRow();
  return { rows, error: null };
}
