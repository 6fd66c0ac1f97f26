/** Saves a blob as a file through an <a download> (the browser's own download, no server). */
export function download(blob: Blob, file: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = file;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked later: the download reads the URL after this task ends.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A file name for an export: scenario, what and where (`hello-deployment-step-3-1920x1080.png`). */
export function exportFileName(base: string, what: string, size: string, ext: string): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '');
  // The trace names its scenario by file (`hello-deployment.scenario.yaml`); the export, by scenario.
  const name = base.replace(/\.(scenario|tour)\.ya?ml$/i, '');
  return `${[safe(name) || 'kube-anatomy', safe(what), size].filter(Boolean).join('-')}.${ext}`;
}

export function formatBytes(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
