import { css } from 'lit';

export const controlsBarStyles = css`
  :host { display: block; border-top: 1px solid var(--_border); }
  [role='toolbar'] { display: flex; gap: 0.4rem; flex-wrap: wrap; padding: 0.5rem; }
  button.on { background: var(--_accent); color: var(--_on-accent); }
  .leave { margin-inline-start: auto; }
  /* Wide, the buttons wrap in the toolbar's own rows; the box that holds all but Leave is no box. */
  .scroll { display: contents; }
  /* Narrow (a phone): one row instead of three; all but Leave scroll sideways, Leave stays in sight. */
  @container (max-width: 480px) {
    [role='toolbar'] { flex-wrap: nowrap; align-items: center; padding-block: 0.1rem; }
    /* Room inside the row for a focus ring (3 px + 2 px offset); a thin scrollbar says there is more. */
    .scroll { display: flex; gap: 0.4rem; flex: 1 1 auto; min-width: 0; overflow-x: auto; scrollbar-width: thin; overscroll-behavior-x: contain; padding: 0.4rem; margin-inline-start: -0.4rem; }
    .scroll > *, .leave { flex: none; white-space: nowrap; }
    /* The words of the dialogs stay free to wrap (the bar's "Go live?", the Privacy panel's). */
    dialog { white-space: normal; }
  }
`;
