import { css } from 'lit';

export const controlsBarStyles = css`
  :host { display: block; border-top: 1px solid var(--_border); }
  [role='toolbar'] { display: flex; gap: 0.4rem; flex-wrap: wrap; padding: 0.5rem; }
  button[aria-pressed='true'] { background: var(--_accent); color: var(--_on-accent); }
  .leave { margin-inline-start: auto; }
`;
