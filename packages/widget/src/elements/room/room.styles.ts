import { css } from 'lit';

export const roomStyles = css`
  :host {
    display: block;
    container-type: inline-size;
    position: relative;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    min-height: min(var(--parlor-min-height, 320px), 100svh);
    /* No overflow clip here: inside a rounded clip, each tile's own rounded clip makes
       the compositor draw every video frame through an extra pass (bench/NOTES.md,
       fan-out). What touches the corners rounds itself (room-view's first banner). */
  }
  .card { max-width: 28rem; margin: 2rem auto; padding: 1.5rem; display: grid; gap: 1rem; }
  h2 { margin: 0; font-size: 1.25rem; }
  .actions { display: flex; gap: 0.5rem; flex-wrap: wrap; }
  @container (max-width: 480px) {
    .card { margin: 0.5rem; padding: 1rem; }
  }
`;
