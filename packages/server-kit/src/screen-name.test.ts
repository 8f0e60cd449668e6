import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CONFUSABLE_CHARACTERS, foldConfusables } from './confusables.js';
import { HttpError } from './http-error.js';
import { checkScreenName, foldName, screenNameKey } from './screen-name.js';

/** Look-alikes of staff words in other scripts: each must be refused to a participant. */
const impostors: { name: string; why: string }[] = [
  { name: 'ѕupport', why: 'Cyrillic dze for s' },
  { name: 'mоderator', why: 'Cyrillic o' },
  { name: 'Mоdеrаtоr', why: 'Cyrillic o, e, a' },
  { name: 'МОDЕRАТОR', why: 'Cyrillic capitals' },
  { name: 'аdmin', why: 'Cyrillic a' },
  { name: 'ѕуѕtеm', why: 'Cyrillic s, y, e' },
  { name: 'ѕuрроrt', why: 'Cyrillic s, p, o' },
  { name: 'оwnеr', why: 'Cyrillic o, e' },
  { name: 'Ηοѕт', why: 'Greek Eta, omicron, Cyrillic s and te' },
  { name: 'ΜΟD', why: 'Greek capitals' },
  { name: 'ѕtaff 2024', why: 'Cyrillic s, with other words' },
  { name: 'Offiсiаl', why: 'Cyrillic es and a' },
  { name: 'm о d', why: 'spaced Cyrillic o' },
  { name: 'ɑdmin', why: 'Latin alpha' },
  { name: 'Ρarlor', why: 'Greek Rho' },
  { name: 'ᴍᴏᴅᴇʀᴀᴛᴏʀ', why: 'Latin small capitals' },
  { name: 'mօderatօr', why: 'Armenian o' },
  { name: 'hօst', why: 'Armenian o' },
  { name: 'ᎪDMIN', why: 'Cherokee A' },
  { name: 'ᏚᎢAFF', why: 'Cherokee S and T' },
  { name: 'ᎪᎠMIN', why: 'Cherokee A and D' },
  { name: 'MՕDERATՕR', why: 'Armenian capital O' },
  { name: 'ᎻՕST', why: 'Cherokee H, Armenian O' },
  { name: 'ᏢᎪRLOR', why: 'Cherokee P and A' },
  { name: 'ꭺdmin', why: 'Cherokee small a' },
  { name: 'MODEᎡATOR', why: 'Cherokee R' },
  { name: 'OWNEᎡ', why: 'Cherokee R' },
  { name: 'ՏTAFF', why: 'Armenian S' },
  { name: 'OFFICIAԼ', why: 'Armenian L' },
  { name: 'moᏧerator', why: 'Cherokee d' },
  { name: 'Ꮒost', why: 'Cherokee h' },
  { name: 'admᎥn', why: 'Cherokee i' },
];
for (const c of impostors) {
  test(`the screen name ${JSON.stringify(c.name)} (${c.why}) is refused as a staff look-alike`, () => {
    assert.throws(
      () => checkScreenName(c.name, 'participant'),
      (e: unknown) => e instanceof HttpError && e.code === 'screen_name_reserved',
    );
    assert.equal(checkScreenName(c.name, 'moderator'), c.name, 'staff may still use them');
  });
}

/** Real names in those scripts must keep working, shown exactly as typed. */
const people = ['Ольга', 'Москва', 'Ελένη', 'Σωκράτης', 'Дмитрий Сорокин', 'Αθηνά', 'Богдан', 'Արամ', 'Անահիտ', 'ᏣᎳᎩ'];
for (const name of people) {
  test(`the ordinary name ${JSON.stringify(name)} is accepted unchanged`, () => {
    assert.equal(checkScreenName(name, 'participant'), name);
  });
}

test('look-alikes of deny-list words are caught too', () => {
  assert.throws(() => checkScreenName('Ѕсаmmеr', 'participant', ['scammer']), /not allowed here/);
});

test('every table entry folds to one ASCII letter, and nothing else changes', () => {
  for (const c of CONFUSABLE_CHARACTERS) assert.match(foldConfusables(c), /^[A-Za-z]$/, `U+${c.codePointAt(0)!.toString(16)}`);
  assert.equal(foldConfusables('Zoë 李小龍 ж'), 'Zoë 李小龍 ж');
});

test('the printable-ASCII shortcut of foldName folds exactly as the full path', () => {
  const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's' };
  const full = (s: string) => foldConfusables(s.normalize('NFKC').normalize('NFD').replace(/\p{M}/gu, '')).toLowerCase().replace(/[0-9@$]/g, (c) => LEET[c] ?? c);
  let ascii = '';
  for (let i = 0x20; i < 0x7f; i++) ascii += String.fromCharCode(i);
  const samples = [ascii, 'M0der4tor', 'Ada Lovelace', 'sys-admin', 'Ｍ0dérätor', 'mоderator', 'ѕupport', 'Zoë', '李小龍', ''];
  for (const s of samples) assert.equal(foldName(s), full(s), JSON.stringify(s));
});

test('screenNameKey: names that read the same share a key; different ones, emoji and punctuation-only names too, do not', () => {
  const same = [
    ['Ada Lovelace', 'ADA lovelace', 'Ａｄａ Ｌｏｖｅｌａｃｅ', 'Ad4-Lovelace', 'ada.lovelace', 'AdaLoveIace'],
    ['Zoë', 'zoe'],
    ["1'000", '1 000'],
    ['Player 1', 'Player l', 'PLAYER I', 'Player |'],
    ['Bill', 'BiII'],
    ['Marnie', 'Mamie'],
    ['Owen', 'Ovven'],
    ['أحمد', 'احمد', 'احـمد', 'أحمـد'],
    ['Ada', 'A\u200dda'],
  ];
  for (const group of same) for (const n of group) assert.equal(screenNameKey(n), screenNameKey(group[0]!), `${n} reads as ${group[0]}`);
  const different = ['Ada', 'Adam', '🦊', '🐱', '🦊🦊', '!!!', '???', 'Ada 🦊'];
  assert.equal(new Set(different.map(screenNameKey)).size, different.length, 'each its own key');
});

test('staff words inside a name are caught where a reader sees them: CamelCase parts, digits apart, a plural, the widget\'s other languages', () => {
  const staffLike = [
    'SupportTeam', 'CustomerSupport', 'TheAdmin', 'AdminBob', 'ModeratorX', 'RoomOwner', 'OfficialParlor', 'Admins', 'Admin2', 'Admin123', '2Admin',
    'TVHost', 'MYAdmin', 'M.O.D.S', 'Administrador', 'El Moderador', 'Moderadora', 'Moderadores', 'Anfitriones', 'Soporte Técnico',
    'مشرف', 'مـشـرف', 'مشرفة', 'المشرف العام', 'الدعم', 'فريق الدعم', 'مدیر', 'المالک',
    // Run together in small letters: a staff word at the end or the start.
    'theadmin', 'roomadmins', 'chatmoderator', 'customersupport', 'moderatorbob', 'administratorjoe', 'elmoderador', 'theadm1n', 'adminbob', 'elsoporte', 'administradorjose',
  ];
  for (const name of staffLike) {
    assert.throws(() => checkScreenName(name, 'participant'), (e: unknown) => e instanceof HttpError && e.code === 'screen_name_reserved', name);
    assert.equal(checkScreenName(name, 'owner'), name, `${name}: an owner may`);
  }
  // Words that merely contain one (a reader sees no staff in them) stay free.
  const ordinary = [
    'Badminton', 'Ghostly', 'Hostess', 'Downer', 'Ecosystem', 'Modesto', 'ModernArt', 'Supporter', 'Officially Yours', 'Sistine', 'Administrative Tom', 'McDonald', 'iPhone Fan',
    'badminton', 'supporters', 'unsupported', 'administration', 'administrativeassistant', 'administer', 'moderately', 'admiral',
    'مشرق', 'عبد المالك سلال', 'برويز مشرف', 'رسمي الخطيب', 'مدير سعيد',
  ];
  for (const name of ordinary) assert.equal(checkScreenName(name, 'participant'), name, `${name} is an ordinary name`);
});
