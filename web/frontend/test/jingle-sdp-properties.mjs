// What must hold of the Jingle -> SDP translation for any text the focus could send as a
// session-initiate (docs/fuzzing.md): the XML reader refuses it, or it becomes an SDP offer the
// browser can take, whole "x=value" lines, one m-line per slot in mid order, every mid in the
// BUNDLE group, and no value from Jingle able to start a line of its own. A coverage-guided
// Jazzer.js target would call checkOffer on each input; the corpus test replays it.
import { parse } from '../app/js/xmpp/xml-tree.js';
import { parseOffer, RemoteOffer } from '../app/js/media/jingle-sdp.js';
import { parseSdp } from '../app/js/media/sdp.js';

// The attributes the translation writes; any other is a value from Jingle that started a line.
const OWN_ATTRIBUTES = new Set([
  'group', 'msid-semantic', 'extmap-allow-mixed', 'rtcp', 'ice-ufrag', 'ice-pwd', 'fingerprint', 'setup',
  'mid', 'extmap', 'sendrecv', 'recvonly', 'sendonly', 'inactive', 'rtcp-mux', 'rtcp-rsize', 'rtpmap',
  'rtcp-fb', 'fmtp', 'maxptime', 'msid', 'ssrc-group', 'ssrc', 'candidate',
]);

function check(ok, what) {
  if (!ok) throw new Error('property failed: ' + what);
}

/** Checks one input; returns the SDP built, or null when the input is not an offer. */
export function checkOffer(text) {
  let jingle;
  try {
    jingle = parse(text);
  } catch {
    return null; // not XML the reader takes: the session answers the focus with an error
  }
  const offer = parseOffer(jingle);
  if (!offer.transport || !Object.keys(offer.media).length) return null;
  const remote = new RemoteOffer(offer);
  const sdp = remote.toSdp();
  check(sdp.endsWith('\r\n'), 'the SDP ends with CRLF');
  const lines = sdp.slice(0, -2).split('\r\n');
  for (const line of lines) {
    check(/^[vostmca]=[^\r\n]*$/.test(line), `a whole SDP line of a kind we write: ${JSON.stringify(line)}`);
    if (line.startsWith('a=')) check(OWN_ATTRIBUTES.has(/^a=([^:]*)/.exec(line)[1]), `our own attribute: ${JSON.stringify(line)}`);
  }
  const parsed = parseSdp(sdp);
  check(parsed.media.length === remote.slots.length, 'one m-line per slot');
  const bundle = lines.find((l) => l.startsWith('a=group:BUNDLE'));
  check(bundle === `a=group:BUNDLE ${remote.slots.map((s) => s.mid).join(' ')}`, 'every mid bundled');
  parsed.media.forEach((m, i) => check(m.mid === remote.slots[i].mid, 'mids in order'));
  return sdp;
}
