import type { LabelEventType, LabelHistoryEvent } from '../../domain/label-status.ts';
import type { Db } from '../../store/database.ts';
import type { Trx } from '../context.ts';

export async function loadLabelHistory(db: Db | Trx, labelId: string): Promise<LabelHistoryEvent[]> {
  const rows = await db.selectFrom('label_events').selectAll().where('label_id', '=', labelId).orderBy('seq').execute();
  return rows.map((r) => ({ type: r.type as LabelEventType, at: new Date(r.at), expiresAt: r.expires_at ? new Date(r.expires_at) : null }));
}
