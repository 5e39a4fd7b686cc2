import { describe, expect, it } from 'vitest';
import { applyTheme, setTheme, theme } from './theme.ts';

describe('the colour theme', () => {
  it('applies a chosen theme to the document and remembers it for the next visit', () => {
    setTheme('dark');
    expect(theme()).toBe('dark');
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(localStorage.getItem('chimera-theme')).toBe('dark');

    setTheme('light');
    expect(document.documentElement.dataset.theme).toBe('light');
    expect(localStorage.getItem('chimera-theme')).toBe('light');
  });

  it('puts the current theme back on a fresh document', () => {
    setTheme('dark');
    delete document.documentElement.dataset.theme;
    applyTheme();
    expect(document.documentElement.dataset.theme).toBe('dark');
  });
});
