// The app's words (issue 19): one table per language in app/lang/<code>.js, a flat object from key
// to text, where {{name}} stands for what varies. English is built in; the others load on demand.
// The language is the user's choice (localStorage), else the browser's (navigator.languages,
// unless config.js turns detection off), else config.js's defaultLanguage, else English.
import en from '../lang/en.js';

/** The languages there are tables for, by Jitsi's codes, each named in its own language. */
export const LANGUAGES = { en: 'English', zhCN: '简体中文', ru: 'Русский' };

/** Where the user's choice is kept (the other settings are kept next to it). */
export const LANGUAGE_KEY = 'huddle.language';

let table = en;
let current = 'en';

/** Keys looked up that English lacks (the tests read it). */
export const missing = new Set();

/** The text of a key in the current language (English when the table lacks it), filled in. */
export function t(key, params) {
  const text = table[key] ?? en[key];
  if (text === undefined) {
    missing.add(key);
    return key;
  }
  return params ? text.replace(/\{\{(\w+)\}\}/g, (m, name) => (name in params ? String(params[name]) : m)) : text;
}

/**
 * An object whose properties read the table when used, so that they follow a language switch:
 * lookups({ you: 'you' }).you is t('you'); functions (which fill in placeholders) are kept as given.
 */
export function lookups(keys, functions = {}) {
  const out = { ...functions };
  for (const [name, key] of Object.entries(keys)) Object.defineProperty(out, name, { enumerable: true, get: () => t(key) });
  return out;
}

/** The current language's code. */
export function language() {
  return current;
}

/**
 * Jitsi's code for a language tag ('zh-CN', 'zh_Hans', 'zhCN', 'ru-RU', 'EN-gb'), or null when
 * there is no table for it.
 */
export function languageCode(tag) {
  if (typeof tag !== 'string') return null;
  const parts = tag.trim().replace(/_/g, '-').toLowerCase().split('-');
  if (parts[0] === 'zhcn') return 'zhCN';
  if (parts[0] === 'zh') {
    // Simplified Chinese only: Taiwan, Hong Kong and Macao, and the traditional script, are not it.
    const rest = parts.slice(1);
    if (rest.includes('hant') || rest.some((p) => p === 'tw' || p === 'hk' || p === 'mo')) return null;
    return 'zhCN';
  }
  return Object.hasOwn(LANGUAGES, parts[0]) && parts[0] !== 'zhcn' ? parts[0] : null;
}

/**
 * The language to show, by Jitsi's precedence: the user's choice, then the browser's languages
 * (unless detection is off), then the configured default, then English.
 */
export function chooseLanguage({ stored, browser = [], detection = true, defaultLanguage } = {}) {
  const mine = languageCode(stored);
  if (mine) return mine;
  if (detection) {
    for (const tag of browser) {
      const code = languageCode(tag);
      if (code) return code;
    }
  }
  return languageCode(defaultLanguage) || 'en';
}

/** The BCP 47 tag for <html lang>. */
export function htmlLang(code) {
  return code === 'zhCN' ? 'zh-CN' : code;
}

/** Loads a language's table and makes it current; then translates the page's marked elements. */
export async function setLanguage(code) {
  const next = Object.hasOwn(LANGUAGES, code) ? code : 'en';
  table = next === 'en' ? en : (await import(`../lang/${next}.js`)).default;
  current = next;
  if (typeof document !== 'undefined') {
    document.documentElement.lang = htmlLang(next);
    translatePage(document);
  }
  return next;
}

/** The attributes a page marks for translation: data-i18n-<attribute>="key". */
export const TRANSLATED_ATTRIBUTES = ['aria-label', 'title', 'placeholder', 'alt'];

/**
 * Translates the elements under root marked with data-i18n (their text) and data-i18n-<attribute>;
 * data-i18n-params holds the values to fill in, as JSON.
 */
export function translatePage(root) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n, params(el));
  for (const attribute of TRANSLATED_ATTRIBUTES) {
    const data = `data-i18n-${attribute}`;
    for (const el of root.querySelectorAll(`[${data}]`)) el.setAttribute(attribute, t(el.getAttribute(data), params(el)));
  }
}

function params(el) {
  const p = el.dataset.i18nParams;
  return p ? JSON.parse(p) : undefined;
}

/** Sets an element's text by key, and marks it, so that a language switch translates it again. */
export function setText(el, key, values) {
  el.dataset.i18n = key;
  if (values) el.dataset.i18nParams = JSON.stringify(values);
  else delete el.dataset.i18nParams;
  el.textContent = t(key, values);
}

/** Sets an attribute by key, marked like setText. */
export function setAttr(el, attribute, key, values) {
  el.setAttribute(`data-i18n-${attribute}`, key);
  if (values) el.dataset.i18nParams = JSON.stringify(values);
  el.setAttribute(attribute, t(key, values));
}

/** The user's choice, the browser's languages and config.js, as the page has them. */
export function pageLanguage(config = {}) {
  let stored = null;
  try {
    stored = localStorage.getItem(LANGUAGE_KEY);
  } catch {
    // storage blocked: no saved choice
  }
  return chooseLanguage({
    stored,
    browser: navigator.languages?.length ? navigator.languages : [navigator.language],
    detection: config.disableLanguageDetection !== true,
    defaultLanguage: config.defaultLanguage,
  });
}
