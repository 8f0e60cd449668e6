import type { Strings } from './en.js';

/** Arabic (right to left). */
export const ar: Partial<Strings> = {
  title: 'غرفة مباشرة',
  screenNameLabel: 'الاسم المعروض',
  screenNameHint: 'اختر اسمًا مستعارًا. من فضلك لا تستخدم اسمك الحقيقي.',
  continue: 'متابعة',
  join: 'ادخل الغرفة',
  leave: 'مغادرة',
  send: 'إرسال',
  chat: 'الدردشة',
};
