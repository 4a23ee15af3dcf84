// A small message catalogue, shared by every page that speaks to people in their language.
// Each catalogue is an English object and a French one with exactly the same keys (the type
// checker refuses a missing or extra key); `{name}` placeholders are filled from params.
// No library: the pages need lookups, placeholders and a fallback, nothing more.
export const LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

export type Catalogue<K extends string> = Readonly<Record<K, string>>;

export interface CatalogueSet<K extends string> {
  // What the catalogue covers, for the checks that read every catalogue (i18n.spec.ts).
  name: string;
  en: Catalogue<K>;
  fr: Catalogue<K>;
}

export type Translate<K extends string> = (
  key: K,
  params?: Readonly<Record<string, string | number>>,
) => string;

export function isLanguage(v: unknown): v is Language {
  return typeof v === 'string' && (LANGUAGES as readonly string[]).includes(v);
}

// A stored language ('fr', 'fr-CA', 'FR') to one we speak; anything else is `fallback`.
export function languageOf(v: unknown, fallback: Language = 'en'): Language {
  if (typeof v !== 'string') return fallback;
  const two = v.trim().toLowerCase().slice(0, 2);
  return isLanguage(two) ? two : fallback;
}

export function translator<K extends string>(set: CatalogueSet<K>, lang: Language): Translate<K> {
  const strings = set[lang];
  return (key, params) => fill(strings[key] ?? set.en[key] ?? key, params);
}

export function fill(text: string, params?: Readonly<Record<string, string | number>>): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}
