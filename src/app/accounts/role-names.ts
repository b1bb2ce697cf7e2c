/** Role names as people read them, in both languages (team pages and invitation e-mails). */
import type { Role } from '../../domain/roles.ts';

const NAMES: Record<string, { ja: string; en: string }> = {
  vendor_member: { ja: 'メンバー', en: 'member' },
  vendor_admin: { ja: '管理者', en: 'administrator' },
  reviewer: { ja: '審査担当', en: 'reviewer' },
  operator_admin: { ja: '運営管理者', en: 'operator administrator' },
  evaluator: { ja: '評価担当', en: 'evaluator' },
};

export function roleName(role: Role | string): { ja: string; en: string } {
  return NAMES[role] ?? { ja: role, en: role };
}
