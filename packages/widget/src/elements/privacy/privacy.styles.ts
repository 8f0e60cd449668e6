import { css } from 'lit';

export const privacyStyles = css`
  :host { display: inline-block; }
  /* Its words wrap, though its button sits in a row of controls that does not (on a phone). */
  dialog { border: 1px solid var(--_border); border-radius: var(--_radius); background: var(--_bg); color: var(--_fg); width: min(30rem, 92vw); white-space: normal; }
  dialog::backdrop { background: rgb(0 0 0 / 0.45); }
  h2 { font-size: 1.15rem; margin: 0 0 0.5rem; }
  dl { display: grid; grid-template-columns: 1fr auto; gap: 0.2rem 1rem; }
  dd { margin: 0; font-weight: 600; }
  .actions { display: flex; flex-wrap: wrap; gap: 0.4rem; margin-top: 0.8rem; }
  .close { margin-inline-start: auto; }
  pre { max-height: 12rem; overflow: auto; background: var(--_surface); padding: 0.5rem; border-radius: var(--_radius); font-size: 0.8em; white-space: pre-wrap; }
  a { color: var(--_accent); }
`;
