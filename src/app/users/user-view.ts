import type { Role } from '../../domain/roles.ts';
import type { UserRow } from '../../store/schema.ts';
import type { Actor } from '../context.ts';

export interface UserView {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  vendorId: string | null;
  /** Evaluators: the evaluation body they work for. */
  evaluationBodyId: string | null;
  createdAt: string;
}

/** A users row; `evaluation_body_id` may be left out of rows built in code (null then). */
export type UserRowInput = Omit<UserRow, 'evaluation_body_id'> & { evaluation_body_id?: string | null };

export function toUserView(row: UserRowInput): UserView {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    role: row.role as Role,
    vendorId: row.vendor_id,
    evaluationBodyId: row.evaluation_body_id ?? null,
    createdAt: row.created_at,
  };
}

export function actorOf(row: UserRowInput): Actor {
  return { userId: row.id, role: row.role as Role, vendorId: row.vendor_id, evaluationBodyId: row.evaluation_body_id ?? null };
}
