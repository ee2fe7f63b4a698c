// Sharing a file in the meeting chat (docs/records.md "Files"): XEP-0363 HTTP File Upload on the
// server's upload service, then a groupchat message carrying the download URL in its body and in
// XEP-0066 <x xmlns='jabber:x:oob'>, as Jitsi and Conversations send files. The wire helpers are
// pure (tested by node); shareFile does the XMPP and HTTP steps in the page.
import { el, first, all } from './xml-tree.js';
import { t } from '../i18n.js';

export const NS_UPLOAD = 'urn:xmpp:http:upload:0';
export const NS_MEETING = 'urn:huddle:file-share:0';
export const NS_OOB = 'jabber:x:oob';
const NS_DISCO_INFO = 'http://jabber.org/protocol/disco#info';
const NS_DISCO_ITEMS = 'http://jabber.org/protocol/disco#items';

/** The slot request for a file of this meeting (Huddle's <meeting/> names the room). */
export function slotRequest({ name, size, type, roomJid }) {
  return el('request', { xmlns: NS_UPLOAD, filename: name, size, 'content-type': type || 'application/octet-stream' }, [
    el('meeting', { xmlns: NS_MEETING, room: roomJid }),
  ]);
}

/** The slot of a result: {put, headers: {name: value}, get}, or null. */
export function readSlot(iq) {
  const slot = first(iq, 'slot', NS_UPLOAD);
  const put = slot && first(slot, 'put', NS_UPLOAD);
  const get = slot && first(slot, 'get', NS_UPLOAD);
  if (!put?.attrs.url || !get?.attrs.url) return null;
  const headers = {};
  for (const h of all(put, 'header', NS_UPLOAD)) {
    // XEP-0363 §5 allows only these; anything else is dropped
    if (['Authorization', 'Cookie', 'Expires'].includes(h.attrs.name)) headers[h.attrs.name] = h.text;
  }
  return { put: put.attrs.url, headers, get: get.attrs.url };
}

/** Whether a disco#info result is an upload service, and its largest file (or Infinity). */
export function readUploadInfo(query) {
  if (!all(query, 'feature').some((f) => f.attrs.var === NS_UPLOAD)) return null;
  for (const x of all(query, 'x', 'jabber:x:data')) {
    const field = all(x, 'field').find((f) => f.attrs.var === 'max-file-size');
    const value = field && first(field, 'value');
    if (value) return { maxSize: Number(value.text) };
  }
  return { maxSize: Infinity };
}

/** The shared file a chat message carries ({url, name}), or null. */
export function readFileMessage(message) {
  const x = first(message, 'x', NS_OOB);
  const url = x && first(x, 'url', NS_OOB)?.text;
  if (!url || !/^https?:\/\//.test(url)) return null;
  const desc = first(x, 'desc', NS_OOB)?.text;
  let name = desc;
  if (!name) {
    try {
      name = decodeURIComponent(new URL(url).pathname.split('/').pop());
    } catch {
      name = url;
    }
  }
  return { url, name };
}

/** A file message's extra element: the URL and the file's name. */
export function oobElement(url, name) {
  return el('x', { xmlns: NS_OOB }, [el('url', { xmlns: NS_OOB }, [url]), el('desc', { xmlns: NS_OOB }, [name])]);
}

/** A readable size: 1.2 MB, 350 KB. */
export function sizeText(bytes) {
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1e3))} KB`;
}

/** The condition of a refused slot request, with what the user should read. */
export function slotRefusal(errorTree) {
  const error = errorTree && first(errorTree, 'error');
  if (!error) return t('upload.noAnswer');
  const tooLarge = first(error, 'file-too-large', NS_UPLOAD);
  if (tooLarge) return t('upload.tooLarge', { size: sizeText(Number(first(tooLarge, 'max-file-size')?.text || 0)) });
  const condition = error.children.find((c) => c.xmlns === 'urn:ietf:params:xml:ns:xmpp-stanzas' && c.name !== 'text')?.name;
  if (condition === 'resource-constraint') return t('upload.full');
  if (condition === 'forbidden') return t('upload.forbidden');
  return t('upload.refused', { condition: condition || 'error' });
}

/** The server's upload service (disco#items of the domain, then disco#info of each), or null. */
export async function findUploadService(xmpp, domain, iq, fromElement) {
  const items = fromElement(await xmpp.sendIQ(iq({ type: 'get', to: domain }).c('query', { xmlns: NS_DISCO_ITEMS })));
  const query = first(items, 'query', NS_DISCO_ITEMS);
  for (const item of query ? all(query, 'item') : []) {
    try {
      const info = fromElement(await xmpp.sendIQ(iq({ type: 'get', to: item.attrs.jid }).c('query', { xmlns: NS_DISCO_INFO })));
      const found = readUploadInfo(first(info, 'query', NS_DISCO_INFO) || info);
      if (found) return { jid: item.attrs.jid, ...found };
    } catch {
      // a component that does not answer disco is not the upload service
    }
  }
  return null;
}
