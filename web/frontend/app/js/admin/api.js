// Calls to /api/ for the admin and organizer pages: with the admin token when one was typed (kept
// for this tab only), else with the session cookie a login set (HttpOnly: scripts never see it).
const TOKEN_KEY = 'huddle-admin-token';

export function token() {
  return sessionStorage.getItem(TOKEN_KEY) || '';
}

export function useToken(value) {
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
}

export async function api(path, { method = 'GET', body, accept = 'application/json' } = {}) {
  const headers = { Accept: accept };
  if (token()) headers.Authorization = `Bearer ${token()}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const r = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
  });
  if (!r.ok) {
    const text = (await r.text()).trim();
    const e = new Error(`${r.status}: ${text}`);
    e.status = r.status;
    throw e;
  }
  if (accept !== 'application/json') return r.blob();
  const type = r.headers.get('Content-Type') || '';
  return type.startsWith('application/json') ? r.json() : r.text();
}

/** Logs in with a name and password; the answer is the account ({name, role, email}). */
export function login(name, password) {
  useToken('');
  return api('/api/login', { method: 'POST', body: { name, password } });
}

export async function logout() {
  useToken('');
  await api('/api/logout', { method: 'POST' }).catch(() => {});
}

/** Who is logged in (or holds the token), or null. */
export async function me() {
  try {
    return await api('/api/me');
  } catch (e) {
    if (e.status === 401 || e.status === 403) return null;
    throw e;
  }
}
