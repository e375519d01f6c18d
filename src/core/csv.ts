/**
 * RFC 4180 CSV with a chosen separator, for files people open in a spreadsheet: reading keeps
 * each record's first line number (a quoted field may span lines) so errors can name the line,
 * and writing quotes only where needed.
 */

export interface CsvRecord {
  /** 1-based line the record starts on. */
  line: number;
  fields: string[];
}

/** Parses CSV text (a leading byte-order mark is dropped); blank lines are skipped. */
export function parseCsvRecords(text: string, separator: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const input = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  const end = () => {
    fields.push(field);
    if (fields.some((value) => value !== '')) records.push({ line: start, fields });
    fields = [];
    field = '';
  };
  for (let i = 0; i < input.length; i++) {
    const char = input[i]!;
    if (char === '\n') line++;
    if (quoted) {
      if (char === '"' && input[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === separator) {
      fields.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && input[i + 1] === '\n') continue; // the \n ends the record
      end();
      start = char === '\r' ? ++line : line;
    } else field += char;
  }
  end();
  return records;
}

function quote(value: string, separator: string): string {
  return value.includes(separator) || /["\r\n]/.test(value) || value !== value.trim() ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Writes records as CSV with CRLF line ends and a byte-order mark (so spreadsheets read UTF-8). */
export function writeCsv(rows: string[][], separator: string): string {
  return `\uFEFF${rows.map((row) => row.map((value) => quote(value, separator)).join(separator)).join('\r\n')}\r\n`;
}
