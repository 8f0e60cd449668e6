import { css } from 'lit';

export const participantListStyles = css`
  :host { display: block; }
  h2 { font-size: 1rem; margin: 0.5rem; }
  /* A long list scrolls by itself and leaves the chat below it its room. */
  [part='list'] { list-style: none; margin: 0; padding: 0.25rem 0.5rem; display: grid; gap: 0.25rem; max-height: var(--_people-max, 12rem); overflow-y: auto; overscroll-behavior: contain; }
  /* Its ring inside it: the sidebar around it clips what goes beyond. */
  [part='list']:focus-visible { outline-offset: -3px; }
  li { display: flex; flex-wrap: wrap; gap: 0.4rem; align-items: center; position: relative; }
  .name { font-weight: 600; min-width: 0; overflow-wrap: anywhere; }
  .role, .lost { color: var(--_muted); font-size: 0.85em; }
  .hand { font-size: 0.8em; font-weight: 600; padding: 0 0.4em; border-radius: 1em; background: var(--_accent); color: var(--_on-accent); }
  .more { min-height: 36px; padding: 0.1rem 0.6rem; margin-inline-start: auto; }
  /* A popover on the top layer, placed under its ⋯ button (the list, which scrolls, would clip it). */
  [role='menu'] {
    position: fixed; inset: auto; margin: 0; padding: 0.25rem; list-style: none; color: var(--_fg);
    background: var(--_bg); border: 1px solid var(--_border); border-radius: var(--_radius); box-shadow: 0 6px 20px rgb(0 0 0 / 0.2);
    display: grid; min-width: 12rem; max-height: calc(100vh - 8px); overflow-y: auto;
  }
  [role='menu']:not(:popover-open) { display: none; }
  [role='menuitem'] { text-align: start; border: 0; background: transparent; min-height: 40px; }
  [role='menuitem']:hover, [role='menuitem']:focus-visible { background: var(--_surface); }
`;
