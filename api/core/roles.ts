/** The roles a key may hold; ADMIN may do everything the others may (docs/architecture.md#layers). */
export const ROLES = ['ADMIN', 'CONTRIBUTOR', 'VALIDATOR', 'VOTER'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return (ROLES as readonly unknown[]).includes(value);
}

/** Roles that may do what `role` may do: ADMIN may do everything. */
export function rolesFor(role: Role): Role[] {
  return role === 'ADMIN' ? ['ADMIN'] : [role, 'ADMIN'];
}

/** Who is asking: anonymous (no key) may read; writes need a key whose roles allow them. */
export interface Viewer {
  contributorId: string | null;
  roles: ReadonlySet<Role>;
}

export const ANONYMOUS: Viewer = { contributorId: null, roles: new Set() };
