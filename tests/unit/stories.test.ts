import { createElement, type ComponentType } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';

/**
 * The stories of stories/ (Storybook CSF: a default export with the title, one named export per
 * story) render: each is server-rendered here, so a story that throws, or renders nothing, fails
 * the unit tests and not only Storybook. Every view has stories at several playheads (issue 6).
 */
const modules = import.meta.glob<Record<string, unknown>>('../../stories/*.stories.tsx', { eager: true });

/** The views of issue 6 and the story file of each: at least three stories (playheads, states) each. */
const VIEW_STORIES = {
  topology: 'topology.stories.tsx',
  swimlane: 'swimlane.stories.tsx',
  'state chart': 'statechart.stories.tsx',
  inspector: 'inspector.stories.tsx',
  'etcd keyspace': 'etcd.stories.tsx',
  'node internals': 'NodePanel.stories.tsx',
  'events table': 'events.stories.tsx',
  console: 'console.stories.tsx',
  'guided tour': 'tour.stories.tsx',
} as const;

const storiesOf = (file: string): [string, ComponentType][] => {
  const mod = modules[`../../stories/${file}`];
  if (!mod) return [];
  return Object.entries(mod).filter((e): e is [string, ComponentType] => e[0] !== 'default' && typeof e[1] === 'function');
};

describe('stories/', () => {
  for (const [view, file] of Object.entries(VIEW_STORIES)) {
    it(`the ${view} has stories at several playheads (${file})`, () => {
      expect(Object.keys(modules)).toContain(`../../stories/${file}`);
      expect(storiesOf(file).length).toBeGreaterThanOrEqual(3);
    });
  }

  for (const path of Object.keys(modules).sort()) {
    const file = path.slice(path.lastIndexOf('/') + 1);
    const mod = modules[path] as Record<string, unknown>;
    it(`${file} has a title and renders every story`, () => {
      expect((mod.default as { title?: unknown } | undefined)?.title).toEqual(expect.any(String));
      const stories = storiesOf(file);
      expect(stories.length).toBeGreaterThan(0);
      for (const [name, Story] of stories) {
        let html = '';
        expect(() => (html = renderToString(createElement(Story))), `${file} ${name}`).not.toThrow();
        expect(html.length, `${file} ${name} rendered nothing`).toBeGreaterThan(100);
      }
    });
  }
});
