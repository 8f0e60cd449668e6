// The parts nested elements forward to <parlor-room> (`exportparts`), under
// one prefix each (docs/theming.md §3). One table, so a part is named once;
// the pre-join card's (in the first file) are spelled out in room.ts. The
// `exportparts` values are built once here, not on every render.
const PARTS = {
  grid: 'spotlight grid tile name pin pager empty',
  chat: 'log message composer jump leaving-dialog',
  people: 'heading list person menu',
  controls: 'bar leave go-live-dialog',
  privacy: 'button dialog data download',
  consent: 'form terms-link privacy-link age submit',
  toasts: 'region toast',
};
type Prefix = keyof typeof PARTS;

const names = (prefix: Prefix) => PARTS[prefix].split(' ');
const prefixed = (prefix: Prefix) => names(prefix).map((p) => `${prefix}-${p}`);
const forward = (prefix: Prefix) => names(prefix).map((p) => `${p}: ${prefix}-${p}`);

/** `exportparts` of each element: its parts under its prefix. */
export const FORWARD = Object.fromEntries((Object.keys(PARTS) as Prefix[]).map((k) => [k, forward(k).join(', ')])) as Readonly<Record<Prefix, string>>;

/** `exportparts` of the controls bar in the room view: its parts, and its Privacy button's, already prefixed. */
export const CONTROLS_BAR_PARTS = [...forward('controls'), ...prefixed('privacy')].join(', ');

/** `exportparts` of <parlor-room-view> in the room: its own parts and everything it forwards. */
export const ROOM_VIEW_PARTS = ['banner', 'stage', 'sidebar', 'unmute', 'recording-dialog', ...(['grid', 'chat', 'people', 'controls', 'privacy'] as const).flatMap(prefixed)].join(', ');
