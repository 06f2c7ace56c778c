// Fills a message's placeholders: numbers through Intl.NumberFormat, the plural form through
// Intl.PluralRules, both in the language the message is in. The formatters are cached per
// language (constructing them is the slow part).

import type { Message, ParamValue } from './message.js';

const numberFormats = new Map<string, Intl.NumberFormat>();
const pluralRules = new Map<string, Intl.PluralRules>();

function numberFormat(lang: string): Intl.NumberFormat {
  let f = numberFormats.get(lang);
  // No grouping: indexes, terms and seeds read as plain numbers in both languages.
  if (!f) numberFormats.set(lang, (f = new Intl.NumberFormat(lang, { useGrouping: false, maximumFractionDigits: 2 })));
  return f;
}

function plural(lang: string): Intl.PluralRules {
  let r = pluralRules.get(lang);
  if (!r) pluralRules.set(lang, (r = new Intl.PluralRules(lang)));
  return r;
}

/** The text of `message` in `lang` with `params` filled in; an unknown placeholder stays as written. */
export function formatMessage(lang: string, message: Message, params: Readonly<Record<string, ParamValue>> = {}): string {
  let template: string;
  if (typeof message === 'string') {
    template = message;
  } else {
    const count = params.count;
    const category = typeof count === 'number' ? plural(lang).select(count) : 'other';
    template = message[category] ?? message.other;
  }
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    if (v === undefined) return whole;
    return typeof v === 'number' ? numberFormat(lang).format(v) : v;
  });
}
