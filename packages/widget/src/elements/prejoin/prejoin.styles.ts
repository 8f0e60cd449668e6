import { css } from 'lit';

export const prejoinStyles = css`
  :host { display: block; }
  form { display: grid; gap: 0.75rem; }
  label { font-weight: 600; }
  input { width: 100%; }
  .link { background: none; border: 0; padding: 0; min-height: 44px; color: var(--_accent); text-decoration: underline; justify-self: start; }
`;
