import { LiveImport, importFiles } from '../replay/index.ts';
import type { ReplayPort } from './replay-port.ts';

/** The real replay core behind the server's seam (replay-port.ts). */
export const REPLAY_CORE: ReplayPort = {
  importFiles: (inputs, options) => importFiles(inputs, options),
  createLiveImport: (init) => new LiveImport(init),
};
