/**
 * An evaluation body's accreditation (ASNITE by NITE, ISO/IEC 17025): a scope of product
 * categories × levels, valid from one date to another (inclusive, JST). A body may be named for
 * an application, and may sign off a report, only inside that scope and period.
 */
export interface Accreditation {
  name: string;
  accreditationNumber: string;
  /** YYYY-MM-DD, inclusive. */
  accreditedFrom: string;
  accreditedUntil: string;
  scope: ReadonlyArray<{ category: string; level: number }>;
}

/** Why the body may not evaluate `category` at `level` on `date` (YYYY-MM-DD, JST), or null when it may. */
export function accreditationProblem(body: Accreditation, category: string, level: number, date: string): string | null {
  const who = `${body.name} (${body.accreditationNumber})`;
  if (date < body.accreditedFrom) return `${who} is accredited only from ${body.accreditedFrom}`;
  if (date > body.accreditedUntil) return `${who}: its accreditation ended on ${body.accreditedUntil}`;
  if (!body.scope.some((s) => s.category === category && s.level === level)) {
    const scope = body.scope.map((s) => `${s.category} ★${s.level}`).join(', ') || 'none';
    return `${who} is not accredited for ${category} ★${level} (its scope: ${scope})`;
  }
  return null;
}

/** Scope entries sorted and without repeats. */
export function normaliseScope(scope: ReadonlyArray<{ category: string; level: number }>): Array<{ category: string; level: number }> {
  const seen = new Map(scope.map((s) => [`${s.category}\u0000${s.level}`, { category: s.category, level: s.level }]));
  return [...seen.values()].sort((a, b) => a.category.localeCompare(b.category) || a.level - b.level);
}
