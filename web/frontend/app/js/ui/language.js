// The language setting (i18n.js): a select on the landing page and the pre-join screen. A choice is
// kept in localStorage next to the other settings and applies at once to the whole page.
import { LANGUAGES, LANGUAGE_KEY, language, setLanguage } from '../i18n.js';

/** Fills the selects with the languages and switches when one changes; onChange gets the code. */
export function languagePicker(selects, onChange = () => {}) {
  const all = [...selects];
  const show = () => all.forEach((s) => (s.value = language()));
  for (const select of all) {
    select.replaceChildren(
      ...Object.entries(LANGUAGES).map(([code, name]) => {
        const o = document.createElement('option');
        o.value = code;
        o.textContent = name; // each language in its own words, as Jitsi lists them
        o.lang = code === 'zhCN' ? 'zh-CN' : code;
        return o;
      }),
    );
    select.onchange = async () => {
      const code = await setLanguage(select.value);
      try {
        localStorage.setItem(LANGUAGE_KEY, code);
      } catch {
        // storage blocked: the choice holds for this page only
      }
      show();
      onChange(code);
    };
  }
  show();
}
