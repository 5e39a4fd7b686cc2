import { describe, expect, it } from 'vitest';
import { LINK_REL, renderMarkdown } from './markdown.ts';

/** The rendered message as a DOM fragment, to inspect what a browser would build from it. */
function dom(text: string): HTMLElement {
  const holder = document.createElement('div');
  holder.innerHTML = renderMarkdown(text);
  return holder;
}

/** Every element and attribute a rendered message holds, e.g. "a[href,rel,target]". */
function shape(holder: HTMLElement): string[] {
  return [...holder.querySelectorAll('*')].map(
    (element) => `${element.localName}[${element.getAttributeNames().sort().join(',')}]`,
  );
}

describe('renderMarkdown: personas’ messages as safe Markdown', () => {
  it('renders paragraphs, line breaks, lists, emphasis, code and quotes', () => {
    const holder = dom(
      'A **bold** claim, *gently* put, with `x = 1`.\nNext line.\n\n- one\n- two\n\n1. first\n\n> quoted\n\n```\nconst a = 1 < 2;\n```',
    );
    expect(holder.querySelectorAll('p').length).toBeGreaterThanOrEqual(2);
    expect(holder.querySelector('strong')?.textContent).toBe('bold');
    expect(holder.querySelector('em')?.textContent).toBe('gently');
    expect(holder.querySelector('p code')?.textContent).toBe('x = 1');
    expect(holder.querySelector('br')).not.toBeNull();
    expect([...holder.querySelectorAll('ul li')].map((item) => item.textContent)).toEqual(['one', 'two']);
    expect(holder.querySelector('ol li')?.textContent).toBe('first');
    expect(holder.querySelector('blockquote')?.textContent?.trim()).toBe('quoted');
    expect(holder.querySelector('pre code')?.textContent).toBe('const a = 1 < 2;\n');
  });

  it('opens links in a new tab without opener, referrer or endorsement', () => {
    const holder = dom('See [the study](https://example.org/study?a=1&b=2) and <https://example.com>.');
    const links = [...holder.querySelectorAll('a')];
    expect(links.map((link) => link.getAttribute('href'))).toEqual([
      'https://example.org/study?a=1&b=2',
      'https://example.com',
    ]);
    for (const link of links) {
      expect(link.getAttribute('target')).toBe('_blank');
      expect(link.getAttribute('rel')).toBe(LINK_REL);
    }
    expect(LINK_REL).toBe('noopener noreferrer nofollow');
  });

  it('shows HTML written in a message as text, never as elements', () => {
    const holder = dom(
      '<img src=x onerror=alert(1)> **<b>hi</b>** <script>alert(1)</script>\n\n<div onclick="alert(1)">block</div>',
    );
    expect(holder.querySelector('img, b, script, div')).toBeNull();
    expect(holder.textContent).toContain('<img src=x onerror=alert(1)>');
    expect(holder.textContent).toContain('<script>alert(1)</script>');
    expect(holder.querySelector('strong')?.textContent).toBe('<b>hi</b>');
  });

  it.each([
    ['a javascript: link', '[click](javascript:alert(1))'],
    ['an encoded javascript: link', '[click](jav&#x09;ascript:alert(1))'],
    ['a data: link', '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
    ['a vbscript: link', '[click](vbscript:msgbox(1))'],
    ['a reference-style javascript: link', '[click][x]\n\n[x]: javascript:alert(1)'],
    ['an autolink with a script scheme', '<javascript:alert(1)>'],
  ])('drops the address of %s, keeping its words', (_, text) => {
    const holder = dom(text);
    for (const link of holder.querySelectorAll('a')) expect(link.hasAttribute('href')).toBe(false);
    const values = [...holder.querySelectorAll('*')].flatMap((element) =>
      element.getAttributeNames().map((name) => element.getAttribute(name)),
    );
    expect(values.filter((value) => /script:|data:/i.test(value ?? ''))).toEqual([]);
  });

  it('never yields an image, an event handler, a style or any element outside its short list', () => {
    const attacks = [
      '![x](https://tracker.example/pixel.png)',
      '![x" onerror="alert(1)](x)',
      '[x](https://example.com "title" onmouseover="alert(1)")',
      '<svg><script>alert(1)</script></svg>',
      '<iframe src="https://evil.example"></iframe>',
      '<a href="javascript:alert(1)">html link</a>',
      '<style>body{display:none}</style>',
      '**[`x`](https://example.com)**',
      '<details open ontoggle=alert(1)>',
      '``<img src=x onerror=alert(1)>``',
    ];
    for (const attack of attacks) {
      for (const element of shape(dom(attack))) {
        expect(element, attack).toMatch(
          /^(p|br|strong|em|del|code|pre|ul|ol|li|blockquote|hr)\[\]$|^a\[(href,rel,target|)\]$/,
        );
      }
    }
    expect(dom('![a tracking pixel](https://tracker.example/pixel.png)').textContent).toBe('a tracking pixel');
  });
});
