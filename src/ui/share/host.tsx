import { createContext, useContext, type ReactNode } from 'react';
import type { SetHashParam } from './shareUrl.ts';
import type { ItemKind } from '../library/store.ts';

/** An example the editor can start from: its file's text on demand. */
export interface LibraryExample {
  kind: ItemKind;
  name: string;
  load(): Promise<string>;
}

/**
 * What the app gives the app bar's share and library buttons. The app provides it (it may import
 * embed/url.ts and the engine's parser; ui may not, DESIGN 2); without it (a bare Workbench, a
 * story) the buttons are not shown.
 */
export interface AppActions {
  withHashParam: SetHashParam;
  /** Examples to start a new scenario or tour from. */
  examples: readonly LibraryExample[];
  /** The real parse: `file:line:column: reason`, or undefined when the text is valid. */
  validate(kind: ItemKind, text: string, file: string): Promise<string | undefined>;
  /** Opens a saved item in the app (`#/?saved=<id>`). */
  run(id: string): void;
}

const Ctx = createContext<AppActions | null>(null);

export function AppActionsProvider({ value, children }: { value: AppActions; children: ReactNode }) {
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export const useAppActions = (): AppActions | null => useContext(Ctx);
