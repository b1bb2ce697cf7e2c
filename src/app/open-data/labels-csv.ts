/**
 * The labels CSV: one row per model number, for spreadsheets and procurement lists.
 * UTF-8 with a byte order mark (Excel then reads Japanese correctly), CRLF line ends, every field
 * quoted (RFC 4180), and formula-looking text neutralised (see `neutraliseFormula`).
 */
import { jstDate } from '../../domain/time.ts';
import type { AppContext } from '../context.ts';
import { labelUrl } from '../labels/public-label.ts';
import { exportLabels, type ExportLabel } from './export-labels.ts';

export const CSV_COLUMNS = [
  'registration_number', 'level', 'status', 'issued_at', 'expires_at', 'criteria', 'vendor_name_ja', 'vendor_name_en',
  'vendor_country', 'corporate_number', 'product_name_ja', 'product_name_en', 'category', 'model_number',
  'support_ends_on', 'vulnerability_contact', 'url',
] as const;

export const CSV_MEDIA_TYPE = 'text/csv; charset=utf-8; header=present';
const BOM = '\uFEFF';
const CRLF = '\r\n';

/**
 * Characters that make a spreadsheet read a cell as a formula (OWASP "CSV Injection"):
 * = + - @, tab and carriage return; also their full-width forms (＝ ＋ － ＠), which Japanese
 * input methods produce and some spreadsheet versions accept as formula starts (our addition).
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/** Prefixes an apostrophe to text a spreadsheet would evaluate; the apostrophe is not shown by Excel. */
export function neutraliseFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** One RFC 4180 field: always quoted, inner quotes doubled. */
export function csvField(value: string | number | null): string {
  if (value === null) return '""';
  const text = typeof value === 'number' ? String(value) : neutraliseFormula(value);
  return `"${text.replaceAll('"', '""')}"`;
}

export function csvLine(values: ReadonlyArray<string | number | null>): string {
  return values.map(csvField).join(',') + CRLF;
}

/** The attachment's file name, dated by the JST day of the response. */
export function csvFileName(now: Date): string {
  return `jc-star-labels-${jstDate(now).replaceAll('-', '')}.csv`;
}

/** Every field but the model number is the same on a label's rows: quote them once per label. */
function rowsOf(ctx: AppContext, label: ExportLabel): string {
  const r = label.row;
  const url = labelUrl(ctx.publicBaseUrl, r.registration_number);
  const head = [
    r.registration_number, r.level, label.status, label.issuedAt, label.expiresAt, r.criteria_id, r.vendor_name_ja,
    r.vendor_name_en, r.country, r.corporate_number, r.name_ja, r.name_en, r.category,
  ].map(csvField).join(',');
  const tail = [r.support_ends_on, r.vulnerability_contact, url].map(csvField).join(',') + CRLF;
  let out = '';
  for (const model of label.modelNumbers) out += `${head},${csvField(model)},${tail}`;
  return out;
}

/**
 * The CSV as text chunks (256k characters and one label's rows, under 1 MB), statuses derived at
 * `now`. Reads the database page by page as the consumer pulls. Chunks of 64k characters made the
 * download of the 1M-row CSV 10–20 % slower (docs/benchmarks.md).
 */
export async function* labelsCsv(ctx: AppContext, now: Date): AsyncGenerator<string> {
  let chunk = BOM + csvLine(CSV_COLUMNS);
  for await (const label of exportLabels(ctx, now, { withHistory: false })) {
    chunk += rowsOf(ctx, label);
    if (chunk.length >= 256 * 1024) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}
