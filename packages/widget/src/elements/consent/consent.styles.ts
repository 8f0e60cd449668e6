import { css } from 'lit';

export const consentStyles = css`
  form { display: grid; gap: 0.8rem; }
  .check { display: flex; gap: 0.6rem; align-items: flex-start; }
  .check input { min-height: auto; margin-top: 0.2em; width: 1.2em; height: 1.2em; flex: none; }
  .row { display: grid; gap: 0.3rem; }
  #age { width: 8rem; }
  .actions { display: flex; gap: 0.5rem; justify-content: space-between; }
  a { color: var(--_accent); }
  .shown-as { margin: 0; font-weight: 600; }
`;
