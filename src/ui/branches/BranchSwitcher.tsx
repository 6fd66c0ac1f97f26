import { useT } from '../i18n/useT.ts';
import { useFork } from './context.ts';
import { formatForkTime } from './tree.ts';

/**
 * Chooses the branch of the run the views show: "Branch 2 (from 1 at 3.201s: kubectl scale …)".
 * Hidden while there is only the scenario as written.
 */
export function BranchSwitcher() {
  const t = useT();
  const fork = useFork();
  if (!fork.available || fork.branches.length < 2) return null;
  return (
    <label className="ka-branch-switcher">
      <span className="ka-visually-hidden">{t('console.branches')}</span>
      <select data-testid="branch-switcher" value={fork.current} disabled={fork.busy} onChange={(e) => fork.switchTo(Number(e.currentTarget.value))}>
        {fork.branches.map((b) => (
          <option key={b.id} value={b.id}>
            {b.parent === null ? t('console.branch0') : t('console.branchN', { id: b.id, parent: b.parent, t: formatForkTime(b.forkT), label: b.label })}
          </option>
        ))}
      </select>
    </label>
  );
}
