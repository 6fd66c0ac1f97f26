import type { LinkKey } from '../types.ts';

/**
 * Key namespaces whose equal keys in two files name the same thing seen twice, not a cause and
 * its effect: one etcd revision of one key, read from an etcd watch and from the apiserver's
 * audit log, is one write with two observations. The merge keeps both events and links the
 * later to the earlier (`cause` when it has none of its own, and `attrs.sameAs`).
 */
export const SAME_THING_NAMESPACES: readonly string[] = ['etcd'];

export function keyNamespace(key: LinkKey): string {
  const colon = key.indexOf(':');
  return colon < 0 ? '' : key.slice(0, colon);
}

/** `<namespace>:` of each same-thing namespace (namespaces hold no colon). */
const SAME_THING_PREFIXES = SAME_THING_NAMESPACES.map((ns) => `${ns}:`);

/** Asked for every key of every event in the merge: a prefix test, no substring made. */
export function isSameThingKey(key: LinkKey): boolean {
  for (const prefix of SAME_THING_PREFIXES) if (key.startsWith(prefix)) return true;
  return false;
}

/** The key of one etcd revision of one key (`etcd:<key>@<revision>`), as importers must spell it. */
export function etcdRevisionKey(key: string, revision: number | string): LinkKey {
  return `etcd:${key}@${revision}`;
}

/** The key of one write of one API object (`rv:<uid>/<resourceVersion>`). */
export function resourceVersionKey(uid: string, resourceVersion: string | number): LinkKey {
  return `rv:${uid}/${resourceVersion}`;
}
