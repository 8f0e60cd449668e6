import { ErrorCode, screenNameSchema, toIssues, type Role } from '@parlor/core/protocol';
import { HttpError } from './http-error.js';
import { canModerate } from './options.js';
import { foldConfusables } from './confusables.js';

/**
 * Words that would let a name pass as staff; only moderators and owners may use them. English,
 * and the same roles in the widget's other languages (Spanish, Arabic), compared folded (accents,
 * case and look-alikes), as whole words of the name: its own words, the parts of `CamelCase`, and
 * letters apart from digits (`Admin2`), with a plural (`Admins`, `Moderadores`).
 */
export const RESERVED_NAME_WORDS: readonly string[] = [
  'owner', 'moderator', 'mod', 'admin', 'administrator', 'host', 'staff', 'system', 'official', 'support', 'parlor',
  'administrador', 'administradora', 'moderador', 'moderadora', 'anfitrion', 'anfitriona', 'propietario', 'propietaria', 'soporte', 'oficial', 'sistema',
  'المشرف', 'المشرفة', 'المدير', 'المديرة', 'الإدارة', 'ادارة', 'الدعم', 'المضيف',
];

/**
 * Staff words that are also people's names or parts of them (`عبد المالك`, Musharraf's
 * `مشرف`, Rasmi's `رسمي`): refused only as the whole name.
 */
export const RESERVED_WHOLE_NAMES: readonly string[] = ['مشرف', 'مشرفة', 'مدير', 'مديرة', 'دعم', 'المالك', 'مضيف', 'رسمي'];

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's' };

/**
 * Folds width, accents, look-alike letters from other scripts, case and
 * look-alike digits, so `Ｍ0dérätor` and `mоderator` (Cyrillic `о`) compare
 * equal to `moderator`.
 */
export function foldName(s: string): string {
  return leet(foldLetters(s));
}

/** Look-alike digits and signs as the letters they pass for. */
const leet = (s: string) => s.replace(/[0-9@$]/g, (c) => LEET[c] ?? c);

/** {@link foldName} but for the look-alike digits: `Admin123` keeps its `123`. */
function foldLetters(s: string): string {
  // Printable ASCII is already what normalizing, stripping marks and folding
  // look-alikes would give, so most names skip that work.
  return (PRINTABLE_ASCII.test(s) ? s : foldConfusables(s.normalize('NFKC').normalize('NFD').replace(/\p{M}/gu, ''))).toLowerCase();
}

/** The reserved words as names are compared: folded once, not at every check. */
const STAFF_WORDS = RESERVED_NAME_WORDS.map(foldName);
/**
 * Staff words also caught at the end (`theadmin`, `chatmoderators`) or the start (`moderatorbob`) of
 * words run together in small letters, which no split can find: only those no ordinary word ends or
 * starts with (`Badminton`, `Supporter`, `Administrative` and `Ghostly` stay free).
 */
const STAFF_ENDINGS = ['admin', 'moderator', 'administrator', 'support', 'moderador', 'moderadora', 'administrador', 'administradora', 'soporte'];
const STAFF_BEGINNINGS = ['admin', 'moderator', 'moderador'];
/** `admin` opens `administer` and `administration` too: of those words, only `administrator` and `administrador` are staff. */
const ORDINARY_ADMIN = /^administ(?!rator|rador)/;
const STAFF_NAMES = RESERVED_WHOLE_NAMES.map(foldName);

/**
 * A screen name as people would read it, for telling whether two are the
 * same name (the token route refuses a chosen name someone else in the room
 * already goes by): {@link foldName}, then spacing and punctuation dropped.
 * Symbols such as emoji stay, so 🦊 and 🐱 are different names; a name of
 * punctuation alone is compared as folded.
 */
export function screenNameKey(name: string): string {
  const folded = foldName(name);
  // Letters that pass for others in most fonts, here only: `l`, `I` and `|` for one another (and
  // `1`), `rn` for `m`, `vv` for `w`. A name refused as taken costs less than one mistaken for another.
  // Invisible format characters and Arabic's tatweel (a typographic stretch, `احـمد` for `احمد`) go too.
  const key = folded.replace(/[\s\p{P}\p{Cf}\u0640]+/gu, '').replace(/[l|]/g, 'i').replace(/rn/g, 'm').replace(/vv/g, 'w');
  return key || folded;
}

function refuse(message: string): HttpError {
  return new HttpError(400, ErrorCode.ScreenNameRejected, message);
}

/**
 * Validates a screen name beyond its shape: no role impersonation (unless
 * the person holds that standing) and nothing on the host's deny list.
 * Returns the trimmed name; throws 400 `screen_name_reserved` for a staff
 * word, else `screen_name_rejected`.
 */
export function checkScreenName(name: string, role: Role, denyList: readonly string[] = []): string {
  const shape = screenNameSchema.safeParse(name);
  if (!shape.success) {
    throw new HttpError(400, ErrorCode.ScreenNameRejected, 'That screen name is not allowed.', {
      issues: toIssues(shape.error.issues),
    });
  }
  // `RoomOwner`, `TVHost` and `Admin2` are two words each: split where a small letter meets a
  // capital, where a run of capitals meets a capitalised word, and where letters meet digits, with
  // the digits as digits (`Admin123`) and as the letters they pass for (`Adm1n`, one word). Arabic
  // as typed on any keyboard: without the stretching tatweel, Persian ی and ک as the Arabic letters.
  const camel = shape.data
    .replace(/(\p{Ll})(\p{Lu})|(\p{Lu})(\p{Lu}\p{Ll})/gu, (_, a, b, c, d) => `${a ?? c} ${b ?? d}`)
    .replace(/\u0640/g, '')
    .replace(/\u06cc/g, '\u064a')
    .replace(/\u06a9/g, '\u0643');
  const split = (s: string) => s.split(/[^\p{L}\p{N}]+|(?<=\p{L})(?=\p{N})|(?<=\p{N})(?=\p{L})/u).filter(Boolean);
  const letters = foldLetters(camel);
  const words = split(leet(letters));
  const squashed = words.join('');
  words.push(...split(letters));
  const plural = (w: string) => [w, `${w}s`, `${w}es`];
  const staff = (w: string) => plural(w).some((p) => words.includes(p) || squashed === p);
  const runTogether = words.some(
    (w) =>
      STAFF_ENDINGS.some((e) => plural(e).some((p) => w.length > p.length && w.endsWith(p))) ||
      (STAFF_BEGINNINGS.some((b) => w.length > b.length && w.startsWith(b)) && !ORDINARY_ADMIN.test(w)),
  );
  if (!canModerate(role) && (STAFF_WORDS.some(staff) || STAFF_NAMES.includes(squashed) || runTogether)) {
    throw new HttpError(400, ErrorCode.ScreenNameReserved, 'Names that look like a staff role are kept for staff; choose another.');
  }
  for (const entry of denyList) {
    const bad = foldName(entry).replace(/[^\p{L}\p{N}]+/gu, '');
    if (bad && squashed.includes(bad)) throw refuse('That screen name is not allowed here; choose another.');
  }
  return shape.data;
}
