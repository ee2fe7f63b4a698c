// The XMPP connection: strophe.js over WebSocket (RFC 7395), BOSH when WebSocket cannot connect;
// anonymous login (on the guest domain where users sign in), a token (?token=, Jitsi's JWT), or a
// user name and password (SASL SCRAM or PLAIN, as strophe.js picks); stream management (XEP-0198)
// with resumption; a keep-alive that notices a dead network; and reconnecting with backoff.
//
// Resumption as lib-jitsi-meet does it: a new stream to the same URL with `?previd=<sm id>`, so the
// server gives the anonymous login the same name, then `<resume/>`. Every attempt uses a fresh
// Strophe connection; the stream management state (counters, unacknowledged stanzas) lives in one
// storage shared by all of them, and our handlers are registered again on each.
import { Strophe, $iq, MemoryStorageBackend } from '/libs/strophe.esm.js';
import { identity, loginDomain } from '../access.js';

const PING_INTERVAL_MS = 5000;
// Ping every 5 s, 5 s to answer: a dead network is noticed within 10 s. On a slow but live link a
// false alarm costs one stream resumption, nothing more.
const PING_TIMEOUT_MS = 5000;
const BACKOFF_MS = [500, 1000, 2000, 4000, 5000];

/** Resolves config.js's BOSH or WebSocket URL (absolute, protocol-relative or a path). */
export function serviceUrl(url, kind, loc = window.location) {
  const secure = loc.protocol === 'https:';
  if (kind === 'websocket') {
    if (url.startsWith('/') && !url.startsWith('//')) return `${secure ? 'wss' : 'ws'}://${loc.host}${url}`;
    if (url.startsWith('//')) return `${secure ? 'wss' : 'ws'}:${url}`;
    return url.replace(/^http/, 'ws');
  }
  if (url.startsWith('/') && !url.startsWith('//')) return `${loc.protocol}//${loc.host}${url}`;
  if (url.startsWith('//')) return `${loc.protocol}${url}`;
  return url;
}

function withQuery(url, params) {
  const u = new URL(url);
  for (const [k, v] of Object.entries(params)) if (v) u.searchParams.set(k, v);
  return u.toString();
}

export class XmppConnection extends EventTarget {
  /**
   * @param config config.js's `config`
   * @param options {token, credentials: {jid, password}, transport: 'auto'|'websocket'|'bosh'}
   */
  constructor(config, options = {}) {
    super();
    this.config = config;
    this.token = options.token || null;
    this.credentials = options.credentials || null;
    this.transport = options.transport || 'auto';
    this.who = identity(config, { token: this.token, credentials: this.credentials });
    this.domain = loginDomain(config, this.who, this.credentials);
    this.handlers = [];
    /** What to do with IQs still unanswered when the stream is replaced. */
    this.pending = new Set();
    this.smStorage = new MemoryStorageBackend();
    this.conn = null;
    this.jid = null;
    this.closing = false;
    this.attempt = 0;
    this.usingBosh = false;
    this.pingTimer = null;
    /**
     * Reconnections so far, how many of them resumed the stream, and for each one the JID before and
     * after and whether the server answered `<resumed previd=…/>` (for the status and the tests).
     */
    this.reconnects = { total: 0, resumed: 0, history: [] };
    /** The `previd` of the last `<resumed/>` the server sent, if any. */
    this.lastResumedPrevid = null;
  }

  /** Registers a stanza handler on this and every later stream (Strophe's addHandler arguments). */
  addHandler(fn, ns, name, type) {
    const spec = { fn, ns, name, type, ref: null };
    this.handlers.push(spec);
    if (this.conn) spec.ref = this.conn.addHandler((e) => (spec.fn(e), true), ns, name, type);
    return spec;
  }

  /**
   * Connects; resolves with the bound JID, rejects when no transport could log in (with kind
   * 'auth-failed' when the server refused the user name or password).
   */
  connect() {
    const wsUrl = this.config.websocket && this.transport !== 'bosh' ? serviceUrl(this.config.websocket, 'websocket') : null;
    const boshUrl = this.transport !== 'websocket' ? serviceUrl(this.config.bosh, 'bosh') : null;
    return new Promise((resolve, reject) => {
      const failed = (why, status) => {
        if (status !== Strophe.Status.AUTHFAIL) return false;
        reject(Object.assign(new Error('the server refused the user name or password'), { kind: 'auth-failed' }));
        return true;
      };
      const tryBosh = (why, status) => {
        if (failed(why, status)) return;
        if (!boshUrl) return reject(new Error(why));
        this.usingBosh = true;
        this.open(boshUrl, null, resolve, (w, st) => failed(w, st) || reject(new Error('cannot reach the XMPP server')));
      };
      if (wsUrl) this.open(wsUrl, null, resolve, tryBosh);
      else tryBosh('no transport');
    });
  }

  /**
   * Signs in as a user on the same transport: the guest's stream ends and a new one logs in with
   * the password (lib-jitsi-meet logs in on a second connection and hands Jicofo a session id;
   * Huddle's focus judges by the JID, so the one connection is enough). Rejects with kind
   * 'auth-failed' on a wrong password, and then stays a guest.
   */
  async signIn(credentials) {
    const before = { credentials: this.credentials, who: this.who, domain: this.domain, conn: this.conn };
    this.credentials = credentials;
    this.who = 'user';
    this.domain = loginDomain(this.config, 'user', credentials);
    this.closing = true; // the guest stream's end is no loss to recover from
    this.stopPing();
    try {
      before.conn?.disconnect('signing in');
    } catch {
      /* gone already */
    }
    this.conn = null;
    this.closing = false;
    for (const abandon of [...this.pending]) abandon();
    this.smStorage = new MemoryStorageBackend();
    this.usingBosh = false;
    try {
      return await this.connect();
    } catch (e) {
      Object.assign(this, { credentials: before.credentials, who: before.who, domain: before.domain });
      this.smStorage = new MemoryStorageBackend();
      await this.connect();
      throw e;
    }
  }

  open(baseUrl, previd, onConnected, onFailed) {
    const url = withQuery(baseUrl, { token: this.token, previd });
    const conn = new Strophe.Connection(url, {
      enableStreamManagement: true,
      streamManagement: { storage: this.smStorage, maxUnacked: 5 },
    });
    this.conn = conn;
    this.baseUrl = baseUrl;
    const xmlInput = conn.xmlInput.bind(conn);
    conn.xmlInput = (el) => {
      const resumed = el?.nodeName === 'resumed' ? el : el?.getElementsByTagName?.('resumed')[0];
      if (resumed) this.lastResumedPrevid = resumed.getAttribute('previd');
      xmlInput(el);
    };
    let connected = false;
    for (const spec of this.handlers) {
      spec.ref = conn.addHandler((e) => (spec.fn(e), true), spec.ns, spec.name, spec.type);
    }
    const login = this.credentials ? [this.credentials.jid, this.credentials.password] : [this.domain, null];
    conn.connect(login[0], login[1], (status, condition) => {
      if (conn !== this.conn) return; // a stream we gave up on
      if (status === Strophe.Status.CONNECTED) {
        connected = true;
        this.jid = conn.jid;
        this.attempt = 0;
        this.startPing();
        onConnected?.({ jid: conn.jid, resumed: conn.hasResumed() });
        onConnected = null;
      } else if (status === Strophe.Status.CONNFAIL || status === Strophe.Status.AUTHFAIL || status === Strophe.Status.DISCONNECTED) {
        if (this.closing) return;
        if (!connected && onFailed) {
          const f = onFailed;
          onFailed = null;
          onConnected = null;
          f(`${statusName(status)} ${condition || ''}`.trim(), status);
        } else if (connected) {
          this.lost(`${statusName(status)} ${condition || ''}`.trim());
        }
      }
    });
  }

  /** The network or the server went away: reconnect, resuming the stream when we can. */
  lost(why) {
    if (this.closing || this.reconnecting) return;
    this.reconnecting = true;
    this.stopPing();
    const old = this.conn;
    const sm = old?.sm?.state;
    const previd = !this.usingBosh && sm && sm.id && sm.resumeSupported ? sm.id : null;
    const jidBefore = this.jid;
    this.conn = null;
    try {
      old?._doDisconnect();
    } catch {
      /* the old stream is gone either way */
    }
    this.dispatchEvent(new CustomEvent('disconnected', { detail: { reason: why } }));
    const again = () => {
      if (this.closing) return;
      const delay = BACKOFF_MS[Math.min(this.attempt, BACKOFF_MS.length - 1)];
      this.attempt++;
      this.dispatchEvent(new CustomEvent('reconnecting', { detail: { attempt: this.attempt, delay } }));
      setTimeout(() => {
        if (this.closing) return;
        this.open(
          this.baseUrl,
          previd,
          ({ jid, resumed }) => {
            this.reconnecting = false;
            this.reconnects.total++;
            if (resumed) this.reconnects.resumed++;
            this.reconnects.history.push({
              jidBefore,
              jidAfter: jid,
              resumed,
              previd,
              serverSaidResumed: previd !== null && this.lastResumedPrevid === previd,
            });
            this.lastResumedPrevid = null;
            this.dispatchEvent(new CustomEvent('reconnected', { detail: { jid, resumed } }));
          },
          () => again(),
        );
      }, delay);
    };
    again();
  }

  startPing() {
    this.stopPing();
    this.pingTimer = setInterval(() => {
      if (!this.conn || this.reconnecting) return;
      const conn = this.conn;
      const timer = setTimeout(() => conn === this.conn && this.lost('ping timeout'), PING_TIMEOUT_MS);
      conn.sendIQ(
        $iq({ type: 'get', to: this.domain }).c('ping', { xmlns: 'urn:xmpp:ping' }),
        () => clearTimeout(timer),
        (err) => {
          // Any answer, even an error, shows the stream is alive; only a timeout does not.
          if (err) clearTimeout(timer);
        },
      );
    }, PING_INTERVAL_MS);
  }

  stopPing() {
    clearInterval(this.pingTimer);
    this.pingTimer = null;
  }

  /** Sends a stanza (a Strophe builder or element). */
  send(stanza) {
    this.conn?.send(stanza);
  }

  /** Writes what is queued now rather than on the next idle tick. */
  flush() {
    this.conn?.flush();
  }

  /**
   * Sends an IQ; resolves with the result element, rejects with the error element, on timeout, or
   * when the stream is replaced by a sign-in (strophe.js drops a closed stream's handlers, so its
   * answer would never come).
   */
  sendIQ(iq, timeoutMs = 15000) {
    return new Promise((resolve, reject) => {
      if (!this.conn) return reject(new Error('not connected'));
      const settle = (fn, value) => {
        this.pending.delete(abandon);
        fn(value);
      };
      const abandon = () => settle(reject, new Error('the stream was replaced'));
      this.pending.add(abandon);
      this.conn.sendIQ(
        iq,
        (r) => settle(resolve, r),
        (e) => settle(reject, e || new Error('IQ timed out')),
        timeoutMs,
      );
    });
  }

  /** Leaves cleanly (no resumption). */
  disconnect() {
    this.closing = true;
    this.stopPing();
    this.conn?.disconnect('leaving');
  }
}

function statusName(status) {
  return Object.keys(Strophe.Status).find((k) => Strophe.Status[k] === status) || String(status);
}
