/**
 * Roles and the permissions they grant. Vendor roles act only inside their own vendor
 * organisation (enforced in the use cases); operator roles act across the registry. An evaluator
 * belongs to an evaluation body (★3/★4) and sees only the applications assigned to that body.
 */
export const ROLES = ['vendor_member', 'vendor_admin', 'reviewer', 'operator_admin', 'evaluator'] as const;
export type Role = (typeof ROLES)[number];

export const VENDOR_ROLES: readonly Role[] = ['vendor_member', 'vendor_admin'];
export const OPERATOR_ROLES: readonly Role[] = ['reviewer', 'operator_admin'];

export const PERMISSIONS = {
  'products:read': ['vendor_member', 'vendor_admin', 'reviewer', 'operator_admin'],
  'products:write': ['vendor_member', 'vendor_admin'],
  'applications:read': ['vendor_member', 'vendor_admin', 'reviewer', 'operator_admin'],
  'applications:write': ['vendor_member', 'vendor_admin'],
  'applications:withdraw': ['vendor_member', 'vendor_admin', 'operator_admin'],
  'applications:review': ['reviewer', 'operator_admin'],
  'labels:manage': ['reviewer', 'operator_admin'],
  'labels:withdraw': ['vendor_admin', 'reviewer', 'operator_admin'],
  'vendors:read': ['vendor_member', 'vendor_admin', 'reviewer', 'operator_admin'],
  'vendors:manage': ['operator_admin'],
  'users:manage': ['vendor_admin', 'operator_admin'],
  'audit:read': ['reviewer', 'operator_admin'],
  'self': ['vendor_member', 'vendor_admin', 'reviewer', 'operator_admin', 'evaluator'],
  /** The evaluation body's own work: the applications assigned to it, its reports (scoped in the use cases). */
  'evaluation:read': ['evaluator'],
  'evaluation:write': ['evaluator'],
  /** Registering evaluation bodies, their accreditation and their evaluator users. */
  'evaluation-bodies:manage': ['operator_admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function roleHas(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

export function isVendorRole(role: Role): boolean {
  return VENDOR_ROLES.includes(role);
}

export function isEvaluatorRole(role: Role): boolean {
  return role === 'evaluator';
}
