import { css } from 'lit';

/** Shared look: every value comes from a `--parlor-*` custom property with a default. */
export const base = css`
  :host {
    --_bg: var(--parlor-color-background, #ffffff);
    --_fg: var(--parlor-color-text, #1b1d23);
    --_muted: var(--parlor-color-muted, #5b6070);
    --_surface: var(--parlor-color-surface, #f2f3f7);
    --_border: var(--parlor-color-border, #d5d8e0);
    --_accent: var(--parlor-color-accent, #3b3bd4);
    --_on-accent: var(--parlor-color-on-accent, #ffffff);
    --_danger: var(--parlor-color-danger, #b3261e);
    --_radius: var(--parlor-radius, 10px);
    --_font: var(--parlor-font-family, system-ui, -apple-system, 'Segoe UI', sans-serif);
    --_focus: var(--parlor-color-focus, #1a73e8);
    color: var(--_fg);
    font-family: var(--_font);
    font-size: var(--parlor-font-size, 15px);
    line-height: 1.4;
    box-sizing: border-box;
  }
  :host([theme='dark']) {
    --_bg: var(--parlor-color-background, #15161b);
    --_fg: var(--parlor-color-text, #eceef4);
    --_muted: var(--parlor-color-muted, #a7abb8);
    --_surface: var(--parlor-color-surface, #22242c);
    --_border: var(--parlor-color-border, #3a3d48);
    --_accent: var(--parlor-color-accent, #8c8cff);
    --_on-accent: var(--parlor-color-on-accent, #0d0d1a);
    --_danger: var(--parlor-color-danger, #ff8a80);
    --_focus: var(--parlor-color-focus, #8ab4f8);
  }
  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) {
      --_bg: var(--parlor-color-background, #15161b);
      --_fg: var(--parlor-color-text, #eceef4);
      --_muted: var(--parlor-color-muted, #a7abb8);
      --_surface: var(--parlor-color-surface, #22242c);
      --_border: var(--parlor-color-border, #3a3d48);
      --_accent: var(--parlor-color-accent, #8c8cff);
      --_on-accent: var(--parlor-color-on-accent, #0d0d1a);
      --_danger: var(--parlor-color-danger, #ff8a80);
      --_focus: var(--parlor-color-focus, #8ab4f8);
    }
  }
  *, *::before, *::after { box-sizing: inherit; }
  button, input, select, textarea { font: inherit; color: inherit; }
  button {
    cursor: pointer;
    border: 1px solid var(--_border);
    background: var(--_surface);
    border-radius: var(--_radius);
    padding: 0.5em 0.9em;
    min-height: 44px;
  }
  button.primary { background: var(--_accent); color: var(--_on-accent); border-color: var(--_accent); }
  button.danger { color: var(--_danger); }
  button[disabled] { opacity: 0.55; cursor: not-allowed; }
  input, select, textarea {
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.5em 0.7em;
    min-height: 44px;
  }
  :focus-visible { outline: 3px solid var(--_focus); outline-offset: 2px; }
  .visually-hidden {
    position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap;
  }
  .hint { color: var(--_muted); font-size: 0.9em; }
  .error { color: var(--_danger); }
  @media (prefers-reduced-motion: reduce) {
    *, *::before, *::after { animation: none !important; transition: none !important; scroll-behavior: auto !important; }
  }
`;
