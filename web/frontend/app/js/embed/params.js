// The pure half of the IFrame API's frame side (docs/web.md, "Embedding: the IFrame API"): what
// the frame's address carries (external_api.js writes it as Jitsi's does), which config overrides
// are taken, and which origins may send commands. No DOM here; test/embed.test.mjs runs it in node.

/**
 * The config.js keys an embedding page may override, each with the type it must have. Everything
 * else is ignored: above all the service addresses and hosts (hosts, bosh, websocket,
 * focusUserJid, publicUrl), which would send the user's login and media elsewhere, and
 * frameAncestors, which decides who may command the frame.
 */
export const CONFIG_ALLOW_LIST = Object.freeze({
  startWithAudioMuted: 'boolean',
  startWithVideoMuted: 'boolean',
  prejoinPageEnabled: 'boolean',
  prejoinConfig: { enabled: 'boolean' },
  defaultLanguage: 'string',
  resolution: 'number',
  channelLastN: 'number',
});

/** The userInfo keys taken (Jitsi's userInfo: displayName, email). */
const USER_INFO_KEYS = ['displayName', 'email'];

function decode(value) {
  try {
    return JSON.parse(value);
  } catch {
    return value; // a bare word, as some embedders write it by hand
  }
}

/**
 * Reads the frame's hash (`#jitsi_meet_external_api_id=0&config.x=<JSON>&...`): the API id (null
 * when the page is not embedded through the API), config, interfaceConfig and userInfo overrides
 * (dotted keys nest: `config.prejoinConfig.enabled=false`), and lang.
 */
export function readHash(hash) {
  const out = { apiId: null, config: {}, interfaceConfig: {}, userInfo: {}, lang: null };
  const text = String(hash || '').replace(/^#/, '');
  if (!text) return out;
  for (const part of text.split('&')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    let key;
    let raw;
    try {
      key = decodeURIComponent(part.slice(0, eq));
      raw = decodeURIComponent(part.slice(eq + 1));
    } catch {
      continue; // a broken escape: skip that parameter only
    }
    const value = decode(raw);
    if (key === 'jitsi_meet_external_api_id') {
      const id = Number(value);
      if (Number.isInteger(id) && id >= 0) out.apiId = id;
      continue;
    }
    if (key === 'lang') {
      if (typeof value === 'string') out.lang = value;
      continue;
    }
    const dot = key.indexOf('.');
    if (dot < 0) continue;
    const scope = key.slice(0, dot);
    if (!['config', 'interfaceConfig', 'userInfo'].includes(scope)) continue;
    setPath(out[scope], key.slice(dot + 1).split('.'), value);
  }
  return out;
}

function setPath(target, path, value) {
  if (path.some((p) => !p || p === '__proto__' || p === 'constructor' || p === 'prototype')) return;
  let node = target;
  for (const p of path.slice(0, -1)) {
    if (typeof node[p] !== 'object' || node[p] === null) node[p] = {};
    node = node[p];
  }
  node[path[path.length - 1]] = value;
}

/**
 * Splits overrides into those the allow-list takes (with the right type) and the dotted names of
 * those ignored.
 */
export function allowedConfig(overrides, allow = CONFIG_ALLOW_LIST, prefix = '') {
  const applied = {};
  const ignored = [];
  for (const [key, value] of Object.entries(overrides || {})) {
    const rule = Object.hasOwn(allow, key) ? allow[key] : undefined;
    const name = prefix + key;
    if (rule === undefined) {
      ignored.push(name);
    } else if (typeof rule === 'object') {
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        const inner = allowedConfig(value, rule, name + '.');
        if (Object.keys(inner.applied).length) applied[key] = inner.applied;
        ignored.push(...inner.ignored);
      } else ignored.push(name);
    } else if (typeof value === rule && (rule !== 'number' || Number.isFinite(value))) {
      applied[key] = value;
    } else ignored.push(name);
  }
  return { applied, ignored };
}

/** The userInfo the app takes: a display name and an e-mail, as short strings. */
export function allowedUserInfo(userInfo) {
  const out = {};
  for (const key of USER_INFO_KEYS) {
    const v = userInfo?.[key];
    if (typeof v === 'string' && v.trim()) out[key] = v.trim().slice(0, key === 'email' ? 320 : 50);
  }
  return out;
}

/** Lays the allowed overrides over config.js's config (nested objects merge one level). */
export function mergeConfig(config, applied) {
  const out = { ...config };
  for (const [key, value] of Object.entries(applied)) {
    out[key] = value && typeof value === 'object' ? { ...(config[key] || {}), ...value } : value;
  }
  return out;
}

const DEFAULT_PORTS = { 'http:': '80', 'https:': '443' };

/**
 * Whether a message from `origin` may command the frame: `origin` matches one of config.js's
 * frameAncestors (the same list the server puts in the pages' CSP frame-ancestors) as CSP matches
 * them: 'self' is `selfOrigin`; an origin without a port means the scheme's default port; `:*` any
 * port; `https://*.example.com` any subdomain of example.com (not example.com itself).
 */
export function originAllowed(origin, frameAncestors, selfOrigin) {
  let url;
  try {
    url = new URL(origin);
  } catch {
    return false; // 'null' (a sandboxed or opaque origin) and anything else that is not an origin
  }
  if (url.origin !== origin) return false;
  for (const source of frameAncestors || []) {
    if (source === "'self'") {
      if (origin === selfOrigin) return true;
      continue;
    }
    const m = /^(https?:)\/\/(\*\.)?([^/:]+)(?::(\*|\d+))?$/.exec(source);
    if (!m) continue;
    const [, scheme, wildcard, host, port] = m;
    if (url.protocol !== scheme) continue;
    const hostOk = wildcard ? url.hostname.endsWith('.' + host) : url.hostname === host;
    const actualPort = url.port || DEFAULT_PORTS[url.protocol];
    const portOk = port === '*' || actualPort === (port || DEFAULT_PORTS[scheme]);
    if (hostOk && portOk) return true;
  }
  return false;
}
