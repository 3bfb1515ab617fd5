import { starterCovenant, type Covenant } from '../../../src/domain/covenant/index.js';

export const PARTIES = ['north-union', 'south-collective', 'east-assembly'];

/** A fresh starter covenant for three parties (all five languages). */
export function template(): Covenant {
  return starterCovenant({ parties: PARTIES });
}

/** A copy of the template changed by `edit` (the value is a plain, mutable clone). */
export function edited(edit: (c: Covenant) => void): Covenant {
  const c = structuredClone(template());
  edit(c);
  return c;
}

/** A one-language text. */
export const en = (s: string) => ({ original: 'en', text: { en: s } });
export const inLang = (lang: string, s: string) => ({ original: lang, text: { [lang]: s } });
