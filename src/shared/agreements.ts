/**
 * The commitment lifecycle of the Conference's agreements, shared by the server's rules and the web UI so both
 * offer exactly the same status changes. Imports nothing.
 */
export const COMMITMENT_STATUSES = ['proposed', 'approved', 'in_progress', 'fulfilled', 'overdue', 'cancelled'] as const;
export type CommitmentStatus = (typeof COMMITMENT_STATUSES)[number];

/**
 * Status changes an agreement.manage user may make, from the recorded status. `overdue` is never set by hand: the
 * clock sets it, and a commitment leaves it when it is fulfilled or cancelled, when its deadline is moved into the
 * future, or (a recurring one) when the overdue period is delivered.
 */
export const COMMITMENT_TRANSITIONS: Record<CommitmentStatus, readonly Exclude<CommitmentStatus, 'overdue' | 'proposed'>[]> = {
  proposed: ['approved', 'cancelled'],
  approved: ['in_progress', 'fulfilled', 'cancelled'],
  in_progress: ['fulfilled', 'cancelled'],
  overdue: ['fulfilled', 'cancelled'],
  fulfilled: ['in_progress'],
  cancelled: [],
};
