// The parts nested elements forward to <parlor-room> (`exportparts`), under
// one prefix each (docs/theming.md §3). One table, so a part is named once;
// the pre-join card's (in the first file) are spelled out in room.ts.
const PARTS = {
  grid: 'spotlight grid tile name pin pager empty',
  chat: 'log message composer jump leaving-dialog',
  people: 'heading list person menu',
  controls: 'bar leave',
  privacy: 'button dialog data download',
  consent: 'form terms-link age submit',
  toasts: 'region toast',
};
type Prefix = keyof typeof PARTS;

const names = (prefix: Prefix) => PARTS[prefix].split(' ');
const prefixed = (prefix: Prefix) => names(prefix).map((p) => `${prefix}-${p}`);

/** `exportparts` for an element with `prefix`'s parts, plus names its own children already forwarded. */
export const forward = (prefix: Prefix, ...passOn: Prefix[]): string =>
  [...names(prefix).map((p) => `${p}: ${prefix}-${p}`), ...passOn.flatMap(prefixed)].join(', ');

/** `exportparts` for <parlor-room-view> in the room: its own parts and everything it forwards. */
export const ROOM_VIEW_PARTS = ['banner', 'stage', 'sidebar', 'unmute', 'recording-dialog', ...(['grid', 'chat', 'people', 'controls', 'privacy'] as const).flatMap(prefixed)].join(', ');
