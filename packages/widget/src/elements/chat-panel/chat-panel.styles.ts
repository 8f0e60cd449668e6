import { css } from 'lit';

export const chatPanelStyles = css`
  :host { display: flex; flex-direction: column; min-height: 0; height: 100%; }
  .log {
    flex: 1 1 auto; overflow-y: auto; min-height: var(--_log-min, 8rem); height: var(--_log-height, auto); padding: 0.5rem; margin: 0; list-style: none;
    display: flex; flex-direction: column; gap: 0.35rem;
  }
  li { overflow-wrap: anywhere; }
  .text { white-space: pre-wrap; }
  li .small { margin-inline-start: 0.4rem; }
  /* The name is isolated in its own direction (<bdi>); the colon and the gap, outside it, follow the
     room's, so they face the text whichever way the name runs. */
  .who { font-weight: 600; margin-inline-end: 0.4rem; }
  .who::after { content: ':'; }
  .status { color: var(--_muted); font-size: 0.8em; margin-inline-start: 0.4rem; }
  .status.failed { color: var(--_danger); }
  .deleted { color: var(--_muted); font-style: italic; }
  a { color: var(--_accent); }
  a::after { content: ' ↗'; font-size: 0.8em; }
  form { display: flex; gap: 0.4rem; padding: 0.5rem; border-top: 1px solid var(--_border); }
  form input { flex: 1; min-width: 0; }
  .wrap { flex: 1 1 auto; min-height: 0; position: relative; display: flex; flex-direction: column; }
  .jump { position: absolute; bottom: 0.5rem; inset-inline-start: 50%; translate: -50% 0; }
  :host(:dir(rtl)) .jump { translate: 50% 0; }
  .small { min-height: 32px; padding: 0.15rem 0.5rem; font-size: 0.85em; }
  dialog { border: 1px solid var(--_border); border-radius: var(--_radius); background: var(--_bg); color: var(--_fg); max-width: 24rem; }
  /* The whole host stays in sight however long: a name of 60 letters wraps, not pushes its end out of the dialog. */
  #leave-text { overflow-wrap: anywhere; }
  dialog::backdrop { background: rgb(0 0 0 / 0.4); }
  dialog .actions { display: flex; gap: 0.5rem; justify-content: flex-end; }
  dialog h2 { font-size: 1.1rem; margin: 0; }
  .readonly { padding: 0.5rem; margin: 0; border-top: 1px solid var(--_border); }
`;
