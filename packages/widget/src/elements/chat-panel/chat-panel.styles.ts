import { css } from 'lit';

export const chatPanelStyles = css`
  :host { display: flex; flex-direction: column; min-height: 0; height: 100%; }
  .log {
    flex: 1 1 auto; overflow-y: auto; min-height: 8rem; padding: 0.5rem; margin: 0; list-style: none;
    display: flex; flex-direction: column; gap: 0.35rem;
  }
  li { overflow-wrap: anywhere; white-space: pre-wrap; }
  .who { font-weight: 600; margin-inline-end: 0.4rem; }
  .status { color: var(--_muted); font-size: 0.8em; margin-inline-start: 0.4rem; }
  .status.failed { color: var(--_danger); }
  .deleted { color: var(--_muted); font-style: italic; }
  a { color: var(--_accent); }
  a::after { content: ' ↗'; font-size: 0.8em; }
  form { display: flex; gap: 0.4rem; padding: 0.5rem; border-top: 1px solid var(--_border); }
  form input { flex: 1; min-width: 0; }
  .jump { position: sticky; bottom: 0.25rem; align-self: center; }
  .small { min-height: 32px; padding: 0.15rem 0.5rem; font-size: 0.85em; }
  dialog { border: 1px solid var(--_border); border-radius: var(--_radius); background: var(--_bg); color: var(--_fg); max-width: 24rem; }
  dialog::backdrop { background: rgb(0 0 0 / 0.4); }
  dialog .actions { display: flex; gap: 0.5rem; justify-content: flex-end; }
`;
