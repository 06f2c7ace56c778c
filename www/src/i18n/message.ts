// The shape of one catalog entry and the parameters it takes, as types, so a call with a missing
// key or a missing value does not compile. A message is a string with `{name}` placeholders, or a
// plural: one string per Intl.PluralRules category, chosen by the `count` parameter.

/** One message: a template, or a template per plural category (chosen by `count`). */
export type Message = string | PluralMessage;

/** Plural forms by Intl.PluralRules category; `other` is the one every language has. */
export interface PluralMessage {
  zero?: string;
  one?: string;
  two?: string;
  few?: string;
  many?: string;
  other: string;
}

/** The placeholder names in a template literal type: `"{a} of {b}"` -> `"a" | "b"`. */
type Placeholders<S extends string> = S extends `${string}{${infer Name}}${infer Rest}` ? Name | Placeholders<Rest> : never;

/** The placeholders of a message of either shape (a plural also needs `count`). */
export type MessageParams<M> = M extends string
  ? Placeholders<M>
  : M extends PluralMessage
    ? Placeholders<Extract<M[keyof M], string>> | 'count'
    : never;

/** A value for a placeholder: a number is formatted with Intl.NumberFormat in the language. */
export type ParamValue = string | number;
