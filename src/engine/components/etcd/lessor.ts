import type { Micros } from '../../../base/time.ts';
import { MICROS_PER_SECOND } from '../../../base/time.ts';
import { EtcdError, MAX_LEASE_TTL } from '../../../domain/etcd/errors.ts';
import type { LeaseHooks } from './mvcc.ts';

/** One lease (lease/lessor.go Lease): its granted TTL, when it expires, the keys attached. */
export interface Lease {
  /** Lowercase hex without padding. */
  id: string;
  /** The TTL it was granted with, after clamping to the minimum. */
  ttl: number;
  expiry: Micros;
  keys: Set<string>;
}

/**
 * The lessor (DOMAIN.md 1, lease/lessor.go): grants with the TTL clamped to the minimum and
 * refused above MaxLeaseTTL; renew pushes the expiry to now + TTL; revoke (asked for, or on
 * expiry, which only the leader runs) hands back the attached keys so the server can delete
 * them in one transaction. Attaching a key to a lease detaches it from the one it had.
 */
export class Lessor implements LeaseHooks {
  private readonly leases = new Map<string, Lease>();

  constructor(private readonly minTTL: number) {}

  exists(id: string): boolean {
    return this.leases.has(id);
  }

  lookup(id: string): Lease | undefined {
    return this.leases.get(id);
  }

  attach(id: string, key: string): void {
    this.leases.get(id)?.keys.add(key);
  }

  detach(id: string, key: string): void {
    this.leases.get(id)?.keys.delete(key);
  }

  /** Grant; a lease that already exists is an error in etcd too ("lease already exists"), not reached here. */
  grant(id: string, ttl: number, now: Micros): Lease {
    if (ttl > MAX_LEASE_TTL) throw new EtcdError('leaseTTLTooLarge');
    const granted = Math.max(ttl, this.minTTL);
    const lease: Lease = { id, ttl: granted, expiry: now + granted * MICROS_PER_SECOND, keys: new Set() };
    this.leases.set(id, lease);
    return lease;
  }

  renew(id: string, now: Micros): Lease {
    const lease = this.leases.get(id);
    if (!lease) throw new EtcdError('leaseNotFound');
    lease.expiry = now + lease.ttl * MICROS_PER_SECOND;
    return lease;
  }

  /** Removes the lease; returns the keys that were attached, for the server to delete. */
  revoke(id: string): string[] {
    const lease = this.leases.get(id);
    if (!lease) throw new EtcdError('leaseNotFound');
    this.leases.delete(id);
    return [...lease.keys];
  }

  /** Remaining whole seconds, as LeaseTimeToLive reports them (truncated; -1 when gone). */
  remaining(id: string, now: Micros): number {
    const lease = this.leases.get(id);
    if (!lease) return -1;
    return Math.max(0, Math.floor((lease.expiry - now) / MICROS_PER_SECOND));
  }

  /**
   * A member that becomes leader (the primary lessor) gives every lease its whole TTL again,
   * plus an election timeout, so that no lease expires because of the leader change
   * (lessor.go Promote, with etcdserver passing the election timeout as `extend`).
   */
  promote(now: Micros, extend: Micros): void {
    for (const lease of this.leases.values()) lease.expiry = now + extend + lease.ttl * MICROS_PER_SECOND;
  }

  /** Leases whose expiry has passed, oldest first. */
  expired(now: Micros): Lease[] {
    return [...this.leases.values()].filter((l) => l.expiry <= now).sort((a, b) => a.expiry - b.expiry || (a.id < b.id ? -1 : 1));
  }

  get count(): number {
    return this.leases.size;
  }
}
