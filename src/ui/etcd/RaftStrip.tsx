import type { EtcdMemberEntry } from '../../timeline/index.ts';
import { naturalCompare } from '../../timeline/index.ts';
import type { MessageKey } from '../i18n/en.ts';
import { useT } from '../i18n/useT.ts';

/**
 * The etcd members as RaftScope draws its servers: one disc per member, coloured by raft role,
 * with its term; the leader's disc is ringed. Shown only when the trace has `etcd-member` states.
 */
export function RaftStrip({ members }: { members: ReadonlyMap<string, EtcdMemberEntry> }) {
  const t = useT();
  if (members.size === 0) return null;
  const list = [...members.values()].sort((a, b) => naturalCompare(a.actor, b.actor));
  const leaders = list.filter((m) => m.role === 'leader');
  // A lone leader is the normal single-member cluster: said in the tooltip. No leader is news: said aloud.
  const single = list.length === 1 && leaders.length === 1;
  const note = leaders.length === 0 ? t('etcd.noLeader') : undefined;
  return (
    <div className="ka-raft" data-testid="etcd-raft" title={single ? `${t('etcd.membersHelp')} ${t('etcd.singleMember')}` : t('etcd.membersHelp')}>
      <span className="ka-etcd-label">{t('etcd.members')}</span>
      <ul className="ka-raft-members">
        {list.map((m) => (
          <li key={m.actor} className={`ka-raft-member is-${m.role}`} data-role={m.role} title={`${m.actor} · ${m.state}`}>
            <svg className="ka-raft-disc" viewBox="0 0 24 24" aria-hidden="true">
              <circle cx="12" cy="12" r="9" />
            </svg>
            <span className="ka-raft-name">{memberName(m.actor)}</span>
            <span className="ka-raft-role">{t(`etcd.role.${m.role}` as MessageKey)}</span>
            <span className="ka-raft-term" title={m.term === undefined ? t('etcd.termUnknown') : undefined}>
              {m.term === undefined ? t('etcd.term', { term: '—' }) : t('etcd.term', { term: m.term })}
            </span>
          </li>
        ))}
      </ul>
      {note && <span className="ka-raft-note">{note}</span>}
    </div>
  );
}

/** `etcd/etcd-0` → `etcd-0`. */
function memberName(actor: string): string {
  const slash = actor.indexOf('/');
  return slash < 0 ? actor : actor.slice(slash + 1);
}
