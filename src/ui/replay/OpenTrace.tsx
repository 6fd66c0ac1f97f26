import { useRef, useState } from 'react';
import { useT } from '../i18n/useT.ts';
import { specsFromFileList } from './collect-files.ts';
import type { ReplayRequest } from './useReplayImport.ts';

/**
 * The app bar's way in to a replay: "Open trace" (a file input, several files), "Open folder"
 * (a directory input) and an "Open URL" field (a file URL, a `kube-anatomy serve` trace, or a
 * live trace's `ws://…/follow`).
 */
export function OpenTrace({ onOpen }: { onOpen(req: ReplayRequest): void }) {
  const t = useT();
  const files = useRef<HTMLInputElement>(null);
  const folder = useRef<HTMLInputElement>(null);
  const [url, setUrl] = useState('');
  const picked = (input: HTMLInputElement | null) => {
    if (!input?.files || input.files.length === 0) return;
    onOpen({ kind: 'files', inputs: specsFromFileList(input.files) });
    input.value = ''; // The same file picked again is a new import.
  };
  return (
    <div className="ka-open-trace">
      <button type="button" className="ka-replay-button" data-testid="replay-open" onClick={() => files.current?.click()}>
        {t('replay.open')}
      </button>
      <input ref={files} type="file" multiple hidden data-testid="replay-file-input" aria-label={t('replay.openFiles')} onChange={(e) => picked(e.currentTarget)} />
      <button type="button" className="ka-replay-button ka-replay-button--quiet" data-testid="replay-open-folder" onClick={() => folder.current?.click()}>
        {t('replay.openFolder')}
      </button>
      <input
        ref={(el) => {
          folder.current = el;
          // React does not know the attribute; set it on the element itself.
          if (el) el.setAttribute('webkitdirectory', '');
        }}
        type="file"
        multiple
        hidden
        data-testid="replay-folder-input"
        aria-label={t('replay.openFolder')}
        onChange={(e) => picked(e.currentTarget)}
      />
      <form
        className="ka-open-url"
        onSubmit={(e) => {
          e.preventDefault();
          const u = url.trim();
          if (u) onOpen({ kind: 'url', url: u });
        }}
      >
        <input type="url" data-testid="replay-url" aria-label={t('replay.url')} placeholder={t('replay.urlPlaceholder')} value={url} onChange={(e) => setUrl(e.target.value)} />
        <button type="submit" className="ka-replay-button ka-replay-button--quiet" data-testid="replay-open-url" disabled={url.trim() === ''}>
          {t('replay.openUrl')}
        </button>
      </form>
    </div>
  );
}
