import { css } from 'lit';

/**
 * Shared look. Every value comes from a `--parlor-*` custom property with a
 * default; `light-dark()` picks the default for the element's color scheme,
 * which the `theme` attribute sets (`auto` follows the system) and the
 * room's parts inherit.
 */
export const base = css`
  :host {
    --_bg: var(--parlor-color-background, light-dark(#fff, #15161b));
    --_fg: var(--parlor-color-text, light-dark(#1b1d23, #eceef4));
    --_muted: var(--parlor-color-muted, light-dark(#555a69, #a7abb8));
    --_surface: var(--parlor-color-surface, light-dark(#f2f3f7, #22242c));
    --_border: var(--parlor-color-border, light-dark(#8a8fa0, #5a5e6c));
    --_accent: var(--parlor-color-accent, light-dark(#3b3bd4, #8c8cff));
    --_on-accent: var(--parlor-color-on-accent, light-dark(#fff, #0d0d1a));
    --_danger: var(--parlor-color-danger, light-dark(#b3261e, #ff8a80));
    --_focus: var(--parlor-color-focus, light-dark(#1a5fd0, #8ab4f8));
    --_radius: var(--parlor-radius, 10px);
    color: var(--_fg);
    font: var(--parlor-font-size, 15px) / 1.4 var(--parlor-font-family, system-ui, sans-serif);
    box-sizing: border-box;
  }
  /* Only an element with a theme sets the scheme; its parts inherit it. */
  :host([hidden]) { display: none !important; }
  :host([theme='light']) { color-scheme: light; }
  :host([theme='dark']) { color-scheme: dark; }
  :host([theme='auto']) { color-scheme: light dark; }
  *, ::before, ::after { box-sizing: inherit; }
  button, input, select, textarea { font: inherit; color: inherit; }
  button, input, select, textarea {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    min-height: 44px;
    padding: 0.5em 0.8em;
  }
  input, select, textarea { background: var(--_bg); }
  button { cursor: pointer; }
  .primary { background: var(--_accent); color: var(--_on-accent); border-color: var(--_accent); }
  .danger { color: var(--_danger); }
  [disabled], [aria-disabled='true'] { opacity: 0.55; cursor: not-allowed; }
  :focus-visible { outline: 3px solid var(--_focus); outline-offset: 2px; }
  .vh { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  .hint { color: var(--_muted); font-size: 0.9em; }
  /* The browser's grey placeholder falls under 4.5:1 on the dark theme; the muted colour meets it on both. */
  input::placeholder { color: var(--_muted); opacity: 1; }
  .error { color: var(--_danger); }
  @media (prefers-reduced-motion: reduce) {
    * { animation: none !important; transition: none !important; scroll-behavior: auto !important; }
  }
`;
