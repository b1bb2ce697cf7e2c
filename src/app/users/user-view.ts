import type { Role } from '../../domain/roles.ts';
import type { UserRow } from '../../store/schema.ts';
import type { Actor } from '../context.ts';

export interface UserView {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  vendorId: string | null;
  createdAt: string;
}

export function toUserView(row: UserRow): UserView {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    role: row.role as Role,
    vendorId: row.vendor_id,
    createdAt: row.created_at,
  };
}

export function actorOf(row: UserRow): Actor {
  return { userId: row.id, role: row.role as Role, vendorId: row.vendor_id };
}
