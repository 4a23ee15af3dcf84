import type { NextFunction, Request, Response } from 'express';
import { isLanguage, Language, LANGUAGES } from '../../../common/i18n/translator';

// The portal's language: the person's choice (a cookie set by the switch in every page's
// header), else the browser's Accept-Language, else English.
export const LANGUAGE_COOKIE = 'nr_lang';
export const LANGUAGE_COOKIE_MAX_AGE_MS = 365 * 24 * 3600 * 1000;

export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = {
  en: 'English',
  fr: 'Français',
};

export function resolveLanguage(req: Request): Language {
  const chosen: unknown = (req.cookies as Record<string, unknown> | undefined)?.[LANGUAGE_COOKIE];
  if (isLanguage(chosen)) return chosen;
  // Express negotiates q-values and regional tags ("fr-CA,fr;q=0.9,en;q=0.5" → fr).
  const accepted = req.acceptsLanguages(...LANGUAGES);
  return isLanguage(accepted) ? accepted : 'en';
}

export function languageOf(res: Response): Language {
  const lang: unknown = res.locals.lang;
  return isLanguage(lang) ? lang : 'en';
}

// Runs before the guards on every portal route, so error pages speak the language too.
export function portalLanguageMiddleware(req: Request, res: Response, next: NextFunction): void {
  res.locals.lang = resolveLanguage(req);
  res.vary('Accept-Language');
  next();
}

// Where the switch sends the reader back to: a portal path only (no open redirect).
export function languageReturnPath(next: unknown): string {
  if (typeof next !== 'string') return '/portal';
  if (!/^\/portal(\/[A-Za-z0-9/_\-.?=&%+]*)?$/.test(next) || next.includes('..')) return '/portal';
  return next;
}
