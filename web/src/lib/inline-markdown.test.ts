import { describe, expect, it } from 'vitest';
import { parseInline } from './inline-markdown.ts';

describe('parseInline', () => {
  it('finds strong, emphasis and code within a line', () => {
    expect(parseInline('A **bold** claim, *gently* put, with `x = 1`.')).toEqual([
      { kind: 'text', text: 'A ' },
      { kind: 'strong', text: 'bold' },
      { kind: 'text', text: ' claim, ' },
      { kind: 'em', text: 'gently' },
      { kind: 'text', text: ' put, with ' },
      { kind: 'code', text: 'x = 1' },
      { kind: 'text', text: '.' },
    ]);
  });

  it('leaves unpaired markers, markers across lines and spaced asterisks as written', () => {
    expect(parseInline('2 * 3 * 4 and **half')).toEqual([{ kind: 'text', text: '2 * 3 * 4 and **half' }]);
    expect(parseInline('*one\ntwo*')).toEqual([{ kind: 'text', text: '*one\ntwo*' }]);
  });

  it('keeps HTML as text: it only ever yields text spans', () => {
    const spans = parseInline('<img src=x onerror=alert(1)> **<b>hi</b>**');
    expect(spans).toEqual([
      { kind: 'text', text: '<img src=x onerror=alert(1)> ' },
      { kind: 'strong', text: '<b>hi</b>' },
    ]);
  });
});
