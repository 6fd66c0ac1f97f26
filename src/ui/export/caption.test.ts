import { describe, expect, it } from 'vitest';
import { narrationParagraphs, wrapCaption } from './caption.ts';

describe('narrationParagraphs', () => {
  it('drops the link and code markup, keeps the words, one string per paragraph', () => {
    expect(narrationParagraphs('The [kubelet](glossary:kubelet) calls `RunPodSandbox`.\n\nThen   runc.')).toEqual(['The kubelet calls RunPodSandbox.', 'Then runc.']);
  });
});

describe('wrapCaption', () => {
  it('breaks Latin text at spaces within the width', () => {
    const lines = wrapCaption('kube-scheduler filters the nodes and scores the ones that fit, then binds the Pod', 300, 20);
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect(l.length * 0.55 * 20).toBeLessThanOrEqual(300 + 20);
    expect(lines.join(' ')).toBe('kube-scheduler filters the nodes and scores the ones that fit, then binds the Pod');
  });

  it('breaks Japanese between characters but never before 。', () => {
    const lines = wrapCaption('スケジューラーがノードを選びます。', 10 * 16, 16);
    expect(lines).toEqual(['スケジューラーがノー', 'ドを選びます。']);
    // 16 characters fit, the 17th is 。: it hangs on the line instead of starting the next one.
    expect(wrapCaption('スケジューラーがノードを選びます。', 16 * 16, 16)).toEqual(['スケジューラーがノードを選びます。']);
  });

  it('cuts at maxLines with an ellipsis', () => {
    const lines = wrapCaption('a '.repeat(200), 100, 20, 2);
    expect(lines).toHaveLength(2);
    expect(lines[1]?.endsWith('…')).toBe(true);
  });

  it('gives no lines for empty text', () => {
    expect(wrapCaption('   ', 100, 10)).toEqual([]);
  });
});
