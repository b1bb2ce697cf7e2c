/**
 * Rules of a third-party evaluation report (★3/★4): one verdict per test unit of the criteria,
 * "pass" or "fail" with evidence notes (what was examined or tested), or "not applicable" with a
 * reason. A report in progress may be incomplete but never wrong; it can be signed off only when
 * every test unit has a verdict, none failed, and the ICS, the IXIT and the report PDF are there.
 */
import type { FieldError } from './errors.ts';

export const VERDICTS = ['pass', 'fail', 'not_applicable'] as const;
export type Verdict = (typeof VERDICTS)[number];

export interface VerdictInput {
  unitId: string;
  verdict: Verdict;
  /** Required for not_applicable. */
  reason?: string | null;
  /** Evidence notes: required for pass and fail. */
  evidence?: string | null;
}

/** The part of a catalogue test unit the rules need. */
export interface UnitRef {
  id: string;
  requirement: string;
}

export const EVALUATION_TEXT_MAX = 4000;
/** Largest report PDF accepted. */
export const REPORT_PDF_MAX_BYTES = 10 * 1024 * 1024;

const blank = (value: string | null | undefined) => !value || value.trim().length === 0;

/** Checks verdicts on their own: known unit, no repeats, evidence or reason present, lengths. */
export function checkVerdicts(units: readonly UnitRef[], verdicts: readonly VerdictInput[], base = '/verdicts'): FieldError[] {
  const known = new Set(units.map((u) => u.id));
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  verdicts.forEach((v, index) => {
    const at = `${base}/${index}`;
    if (!known.has(v.unitId)) errors.push({ pointer: `${at}/unitId`, detail: `unknown test unit ${JSON.stringify(v.unitId)}` });
    else if (seen.has(v.unitId)) errors.push({ pointer: `${at}/unitId`, detail: `${v.unitId} has two verdicts` });
    seen.add(v.unitId);
    if (!(VERDICTS as readonly string[]).includes(v.verdict)) errors.push({ pointer: `${at}/verdict`, detail: `must be one of ${VERDICTS.join(', ')}` });
    if (v.verdict === 'not_applicable' && blank(v.reason)) errors.push({ pointer: `${at}/reason`, detail: `${v.unitId}: "not applicable" needs a reason` });
    if ((v.verdict === 'pass' || v.verdict === 'fail') && blank(v.evidence)) {
      errors.push({ pointer: `${at}/evidence`, detail: `${v.unitId}: "${v.verdict}" needs evidence notes (what was examined or tested)` });
    }
    for (const field of ['reason', 'evidence'] as const) {
      if ((v[field]?.length ?? 0) > EVALUATION_TEXT_MAX) errors.push({ pointer: `${at}/${field}`, detail: `at most ${EVALUATION_TEXT_MAX} characters` });
    }
  });
  return errors;
}

export interface ReportForSignOff {
  ics: string | null;
  ixit: string | null;
  hasPdf: boolean;
  verdicts: ReadonlyArray<{ unitId: string; verdict: string }>;
}

/** Everything that stops a sign-off, each named: every gap and every fail, and missing parts. */
export function signOffProblems(units: readonly UnitRef[], report: ReportForSignOff): FieldError[] {
  const byUnit = new Map(report.verdicts.map((v) => [v.unitId, v.verdict]));
  const problems: FieldError[] = [];
  for (const unit of units) {
    const verdict = byUnit.get(unit.id);
    if (verdict === undefined) problems.push({ pointer: `/verdicts/${unit.id}`, detail: `${unit.id} (${unit.requirement}) has no verdict` });
    else if (verdict === 'fail') problems.push({ pointer: `/verdicts/${unit.id}`, detail: `${unit.id} (${unit.requirement}) failed` });
  }
  if (blank(report.ics)) problems.push({ pointer: '/ics', detail: 'the ICS (implementation conformance statement) relied on is not recorded' });
  if (blank(report.ixit)) problems.push({ pointer: '/ixit', detail: 'the IXIT (extra information for testing) relied on is not recorded' });
  if (!report.hasPdf) problems.push({ pointer: '/report', detail: 'the report PDF is not uploaded' });
  return problems;
}

/** A PDF file starts with "%PDF-" (ISO 32000); anything else is refused whatever its name or type. */
export function isPdf(bytes: Uint8Array): boolean {
  const magic = [0x25, 0x50, 0x44, 0x46, 0x2d];
  return bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);
}
