/**
 * Model numbers from a CSV file or from a form's text area (one per line), checked row by row
 * with the API's rules (src/domain/model-number.ts, duplicates by key) and reported by row number,
 * so a vendor can fix a spreadsheet of thousands of rows. Nothing is imported while any row is
 * wrong: the import is the ordinary application update, all or nothing.
 *
 * CSV: UTF-8 with or without a byte-order mark; an optional header row naming a `model_number`
 * column (other columns are then ignored); without a header, one column. Blank lines are skipped.
 */
import { parse } from 'csv-parse/sync';
import { validationError, type FieldError } from '../../domain/errors.ts';
import { checkModelNumbers, MODEL_NUMBERS_PER_APPLICATION_MAX } from '../../domain/model-number.ts';
import { requirePermission, type Actor, type AppContext } from '../context.ts';
import type { ApplicationView } from './application-view.ts';
import { updateApplication } from './update-application.ts';

/** A problem of one row (its line number in the file or text area; 0: the file as a whole). */
export interface RowProblem {
  row: number;
  detail: string;
}

export interface ModelNumberRows {
  values: string[];
  /** The row number of each value. */
  rows: number[];
  problems: RowProblem[];
}

export const MODEL_NUMBER_CSV_HEADER = 'model_number';

const lineBreaks = (value: string) => value.match(/\r\n|\r|\n/g)?.length ?? 0;

/** Checks the values with the domain's rules and maps each error back to its row. */
function checkRows(values: string[], rows: number[], problems: RowProblem[]): ModelNumberRows {
  const base = '/rows';
  for (const error of checkModelNumbers(values, base).errors) {
    const index = /^\/rows\/(\d+)$/.exec(error.pointer);
    // Duplicates name the first occurrence by pointer; say which row that is.
    const detail = error.detail.replace(/\/rows\/(\d+)/g, (_, i: string) => `row ${rows[Number(i)]}`);
    if (index) problems.push({ row: rows[Number(index[1])]!, detail });
    else if (values.length > 0) problems.push({ row: 0, detail });
  }
  if (values.length === 0 && problems.length === 0) problems.push({ row: 0, detail: 'no model numbers found' });
  problems.sort((a, b) => a.row - b.row);
  return { values: problems.length ? [] : checkModelNumbers(values, base).values, rows, problems };
}

/** Reads a CSV file (bytes as uploaded). */
export function readModelNumberCsv(bytes: Uint8Array): ModelNumberRows {
  let text: string;
  try {
    // fatal: a Shift_JIS export is refused, not turned into mojibake; the BOM is dropped.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { values: [], rows: [], problems: [{ row: 0, detail: 'the file is not UTF-8 text: save it as "CSV UTF-8"' }] };
  }
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    // One record past the limit (plus a header) is enough to know the file is too long. Any line
    // end, even mixed in one file (rows pasted from elsewhere), ends a row.
    records = parse(text, { info: true, relax_column_count: true, skip_empty_lines: true, record_delimiter: ['\r\n', '\n', '\r'], to: MODEL_NUMBERS_PER_APPLICATION_MAX + 2 }) as unknown as typeof records;
  } catch (error) {
    const e = error as { lines?: number; message?: string };
    return { values: [], rows: [], problems: [{ row: e.lines ?? 0, detail: `not valid CSV: ${e.message ?? 'unreadable'}` }] };
  }
  const problems: RowProblem[] = [];
  const first = records[0]?.record.map((cell) => cell.trim().toLowerCase());
  const headerColumn = first ? first.indexOf(MODEL_NUMBER_CSV_HEADER) : -1;
  const body = headerColumn >= 0 ? records.slice(1) : records;
  const values: string[] = [];
  const rows: number[] = [];
  for (const { record, info } of body) {
    const row = info.lines - record.reduce((n, cell) => n + lineBreaks(cell), 0);
    if (record.every((cell) => cell === '')) continue;
    if (headerColumn < 0 && record.length > 1) {
      problems.push({ row, detail: `${record.length} columns: without a header row naming the ${MODEL_NUMBER_CSV_HEADER} column, each row must have one` });
      continue;
    }
    values.push(record[Math.max(headerColumn, 0)] ?? '');
    rows.push(row);
  }
  return checkRows(values, rows, problems);
}

/** Reads a text area: one model number per line; blank lines are skipped. */
export function readModelNumberLines(text: string): ModelNumberRows {
  const values: string[] = [];
  const rows: number[] = [];
  text.split(/\r\n|\r|\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    values.push(line);
    rows.push(i + 1);
  });
  return checkRows(values, rows, []);
}

/** Row problems as field errors, pointer `/rows/<row>` (`/file` for the file as a whole). */
export function rowErrors(problems: readonly RowProblem[]): FieldError[] {
  return problems.map((p) => ({ pointer: p.row ? `/rows/${p.row}` : '/file', detail: p.row ? `row ${p.row}: ${p.detail}` : p.detail }));
}

/**
 * Replaces an application's model numbers with those of a CSV file or a text area. Any bad row:
 * VALIDATION_FAILED listing every bad row, and nothing changes.
 */
export async function importModelNumbers(
  ctx: AppContext,
  actor: Actor,
  applicationId: string,
  source: { csv: Uint8Array } | { text: string },
): Promise<ApplicationView> {
  requirePermission(actor, 'applications:write');
  const read = 'csv' in source ? readModelNumberCsv(source.csv) : readModelNumberLines(source.text);
  if (read.problems.length) {
    throw validationError(rowErrors(read.problems), `${read.problems.length} row(s) are not valid; nothing was imported`);
  }
  return updateApplication(ctx, actor, applicationId, { modelNumbers: read.values });
}
