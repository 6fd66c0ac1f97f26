import { useMemo, useState } from 'react';
import type { EtcdKeyEntry } from '../../timeline/index.ts';
import { useT } from '../i18n/useT.ts';
import { toYaml } from '../inspector/objectVersions.ts';
import { useSessionStore } from '../session/context.tsx';
import { useTrace } from '../shell/TraceContext.tsx';
import { keyValue } from './keyValue.ts';

type Format = 'yaml' | 'json';

/** An opened key: its full name, its KeyValue fields and its value (computed only when opened). */
export function KeyDetails({ entry }: { entry: EtcdKeyEntry }) {
  const t = useT();
  const { timeline } = useTrace();
  const store = useSessionStore();
  const [format, setFormat] = useState<Format>('yaml');
  const value = useMemo(() => keyValue(entry, (k) => timeline.objectHistory(k)), [entry, timeline]);
  const text = useMemo(() => {
    if (value.kind === 'text') return value.text;
    if (value.kind === 'object') return format === 'json' ? JSON.stringify(value.object, null, 2) : toYaml(value.object);
    return undefined;
  }, [value, format]);

  return (
    <div className="ka-key-details" data-testid="etcd-key-details">
      <code className="ka-key-full">{entry.key}</code>
      <div className="ka-key-value-head">
        <span className="ka-etcd-label">{t('etcd.value')}</span>
        {value.kind === 'object' && (
          <>
            <span className="ka-seg" role="group">
              {(['yaml', 'json'] as const).map((f) => (
                <button key={f} type="button" className={`ka-seg-btn${format === f ? ' is-on' : ''}`} aria-pressed={format === f} onClick={() => setFormat(f)}>
                  {f.toUpperCase()}
                </button>
              ))}
            </span>
            <button type="button" className="ka-link ka-key-inspect" onClick={() => store.getState().select({ type: 'object', key: value.objectKey })}>
              {t('etcd.inspect')}
            </button>
          </>
        )}
      </div>
      {text === undefined ? <p className="ka-empty-note">{t('etcd.valueAbsent')}</p> : <pre className="ka-code ka-key-value">{text}</pre>}
      {value.kind === 'object' && <p className="ka-etcd-note">{t('etcd.valueStored')}</p>}
    </div>
  );
}
