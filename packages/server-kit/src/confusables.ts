/**
 * Letters from other scripts that look like Latin ones in common fonts,
 * after Unicode's confusables list (UTS #39), trimmed to what can spell
 * the reserved role words and typical deny-list entries. Case matters:
 * Greek `Η` looks like `H` but `η` like `n`, so folding runs before
 * lower-casing. Digits and symbols are folded separately (leet).
 */
const PAIRS: readonly (readonly [from: string, to: string])[] = [
  // Cyrillic capitals
  ['АВСЕНІЈКМОРЅТХУԚԜӀ', 'ABCEHIJKMOPSTXYQWL'],
  // Cyrillic small letters
  ['авсеһіјкмнорѕтхуԁԛԝӏпг', 'abcehijkmhopstxydqwlnr'],
  // Greek capitals
  ['ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ', 'ABEZHIKMNOPTYX'],
  // Greek small letters
  ['αεικνορτυχηωϲ', 'aeikvoptuxnwc'],
  // Latin look-alikes outside ASCII (IPA, dotless i)
  ['ıɑɡɩʏ', 'iagiy'],
  // Latin small capitals (NFKC keeps them): ᴍᴏᴅ reads as MOD
  ['ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘʀꜱᴛᴜᴠᴡʏᴢ', 'ABCDEFGHIJKLMNOPRSTUVWYZ'],
  // Armenian small letters
  ['օսոհզց', 'ounhqg'],
  // Armenian capitals
  ['ՕՍՏԼ', 'OUSL'],
  // Cherokee capitals
  ['ᎪᏴᏟᎠᎬᎻᎫᏦᏞᎷᏒᏚᎢᏙᏔᏃᏢᏀᎩᎳᎡ', 'ABCDEHJKLMRSTVWZPGYWR'],
  // Cherokee capitals that look like small Latin letters
  ['ᎥᏂᏧ', 'ihd'],
];

const TABLE: ReadonlyMap<string, string> = new Map(
  PAIRS.flatMap(([from, to]) => {
    const src = [...from];
    const dst = [...to];
    if (src.length !== dst.length) throw new Error(`confusables: ${from} and ${to} differ in length`);
    return src.map((c, i): [string, string] => [c, dst[i]!]);
  }),
);

/** Characters {@link foldConfusables} changes, for tests and tooling. */
export const CONFUSABLE_CHARACTERS: ReadonlySet<string> = new Set(TABLE.keys());

/** Cherokee small letters: looked up as the capitals they are small forms of. */
const CHEROKEE_SMALL = /[\u{AB70}-\u{ABBF}\u{13F8}-\u{13FD}]/u;

/**
 * Replaces look-alikes from other scripts with the Latin letters they
 * imitate, so `ѕupport` (Cyrillic `ѕ`) or `mоderator` (Cyrillic `о`)
 * compare equal to the real words. Only for comparison: names are shown as
 * typed.
 */
export function foldConfusables(s: string): string {
  let out = '';
  for (const c of s) out += TABLE.get(CHEROKEE_SMALL.test(c) ? c.toUpperCase() : c) ?? c;
  return out;
}
