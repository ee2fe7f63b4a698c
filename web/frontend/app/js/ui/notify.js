// The status line: one polite live region, so screen readers hear what happened
// (connecting, reconnecting, errors) without losing their place.
const box = () => document.getElementById('status');
let timer = null;

/** Shows a message; kind is ok, warning, reconnecting or error. 'ok' messages fade after a while. */
export function notify(kind, text) {
  const el = box();
  clearTimeout(timer);
  if (!text) {
    el.hidden = true;
    el.textContent = '';
    return;
  }
  el.dataset.kind = kind;
  el.textContent = text;
  el.hidden = false;
  if (kind === 'ok') timer = setTimeout(() => (el.hidden = true), 4000);
}
