/** Groups of the head's attributes that writes remove together, shared by both stores. */

/** Who holds the cursor step: given back with a claim, dropped when an execution ends. */
export const CLAIM_FIELDS = ['claim_token', 'claimed_at', 'lease_expires_at'] as const;

/**
 * What an execution that ends early drops: its place in the timers' index, and the `active_shard`
 * that versions with a separate index of running executions wrote. (Its new status takes it out
 * of the RUNNING partitions the sweep reads.)
 */
export const SCHEDULING_FIELDS = ['active_shard', 'due_shard', 'due_key'] as const;
