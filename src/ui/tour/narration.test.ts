import { describe, expect, it } from 'vitest';
import { glossaryLinks, parseNarration } from './narration.ts';

describe('parseNarration', () => {
  it('splits paragraphs and finds glossary links and code', () => {
    expect(parseNarration('The [kubelet](glossary:kubelet) calls `RunPodSandbox`.\n\nNext\nline.')).toEqual([
      [
        { type: 'text', text: 'The ' },
        { type: 'glossary', text: 'kubelet', id: 'kubelet' },
        { type: 'text', text: ' calls ' },
        { type: 'code', text: 'RunPodSandbox' },
        { type: 'text', text: '.' },
      ],
      [{ type: 'text', text: 'Next line.' }],
    ]);
  });

  it('leaves other markup as text', () => {
    expect(parseNarration('<b>x</b> [a](https://x)')).toEqual([[{ type: 'text', text: '<b>x</b> [a](https://x)' }]]);
    expect(glossaryLinks('[a](glossary:etcd) and [b](glossary:pod)')).toEqual(['etcd', 'pod']);
  });

  it('joins folded Japanese lines without a space, keeping spaces next to Latin words and code', () => {
    expect(parseNarration('Pod を作ります。 次に\n`kubectl get pods` で確かめ\nます。')).toEqual([
      [
        { type: 'text', text: 'Pod を作ります。次に ' },
        { type: 'code', text: 'kubectl get pods' },
        { type: 'text', text: ' で確かめます。' },
      ],
    ]);
  });
});
