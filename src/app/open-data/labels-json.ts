/**
 * The labels JSON export: `{ generatedAt, logSize, labels: [...] }`, every label as
 * GET /api/v1/labels/{rn} shows it, without the receipt (that proof is per label; the signed
 * snapshot at /api/v1/snapshot is the verifiable whole). Written incrementally, label by label.
 */
import type { AppContext } from '../context.ts';
import { toPublicLabel, type PublicLabel } from '../labels/public-label.ts';
import { exportLabels, type ExportLabel } from './export-labels.ts';

/** The document as text chunks; `logSize` is the log size the caller read before starting. */
export async function* labelsJson(ctx: AppContext, now: Date, logSize: number): AsyncGenerator<string> {
  let chunk = `{"generatedAt":${JSON.stringify(now.toISOString())},"logSize":${logSize},"labels":[`;
  let first = true;
  for await (const label of exportLabels(ctx, now, { withHistory: true })) {
    chunk += (first ? '\n' : ',\n') + JSON.stringify(exportedPublicLabel(ctx, label, now));
    first = false;
    if (chunk.length >= 256 * 1024) {
      yield chunk;
      chunk = '';
    }
  }
  yield `${chunk}\n]}\n`;
}

/** An exported label as GET /api/v1/labels/{rn} shows it (the shared mapping in public-label.ts). */
export function exportedPublicLabel(ctx: AppContext, label: ExportLabel, now: Date): PublicLabel {
  return toPublicLabel(ctx, label.row, { status: label.status, issuedAt: label.issuedAt, expiresAt: label.expiresAt, modelNumbers: label.modelNumbers, history: label.history ?? [] }, now);
}
