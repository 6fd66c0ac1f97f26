import { useState, type ReactNode } from 'react';
import { useT } from '../i18n/useT.ts';
import { specsFromDataTransfer } from './collect-files.ts';
import type { ReplayRequest } from './useReplayImport.ts';

/**
 * Files or a folder dropped anywhere on the app start a replay. The overlay shows while files
 * are dragged over the page; text or links dragged inside the page are left alone.
 */
export function DropZone({ onOpen, children }: { onOpen(req: ReplayRequest): void; children: ReactNode }) {
  const t = useT();
  const [over, setOver] = useState(0);
  const hasFiles = (dt: DataTransfer | null) => !!dt && [...dt.types].includes('Files');
  return (
    <div
      className="ka-dropzone"
      data-testid="replay-dropzone"
      onDragEnter={(e) => {
        if (!hasFiles(e.dataTransfer)) return;
        e.preventDefault();
        setOver((n) => n + 1);
      }}
      onDragOver={(e) => {
        if (!hasFiles(e.dataTransfer)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={(e) => {
        if (hasFiles(e.dataTransfer)) setOver((n) => Math.max(0, n - 1));
      }}
      onDrop={(e) => {
        if (!hasFiles(e.dataTransfer)) return;
        e.preventDefault();
        setOver(0);
        specsFromDataTransfer(e.dataTransfer).then(
          (inputs) => {
            if (inputs.length > 0) onOpen({ kind: 'files', inputs });
          },
          () => undefined,
        );
      }}
    >
      {children}
      {over > 0 && (
        <div className="ka-dropzone-overlay" aria-hidden="true">
          <div>{t('replay.drop')}</div>
        </div>
      )}
    </div>
  );
}
