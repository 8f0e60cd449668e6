import { css } from 'lit';

// Apart from styles.ts, which the first file loads: only the room's parts ask questions in dialogs.
/** A question asked in a modal `<dialog>` (recording, going live). */
export const dialogStyles = css`
  dialog { border: 1px solid var(--_border); border-radius: var(--_radius); background: var(--_bg); color: var(--_fg); max-width: 26rem; white-space: normal; }
  dialog::backdrop { background: rgb(0 0 0 / 0.45); }
  dialog .actions { display: flex; gap: 0.5rem; flex-wrap: wrap; justify-content: flex-end; }
`;
