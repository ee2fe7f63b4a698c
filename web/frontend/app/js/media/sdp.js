// SDP as text lines, cut into a session part and media sections, and put back together.
// Only what the Jingle mapping needs: attributes are kept as raw lines so that nothing the
// browser wrote is lost when a section is read and written back.

/** Splits SDP into {session: [lines], media: [Section]}. */
export function parseSdp(sdp) {
  const lines = sdp.split(/\r?\n/).filter((l) => l.length);
  const out = { session: [], media: [] };
  let cur = null;
  for (const line of lines) {
    if (line.startsWith('m=')) {
      cur = { mline: line, lines: [] };
      out.media.push(cur);
    } else if (cur) cur.lines.push(line);
    else out.session.push(line);
  }
  for (const m of out.media) describe(m);
  return out;
}

/** Joins a parsed SDP back into text. */
export function writeSdp(parsed) {
  const lines = [...parsed.session];
  for (const m of parsed.media) lines.push(m.mline, ...m.lines);
  return lines.join('\r\n') + '\r\n';
}

function describe(m) {
  const [kind, port, proto, ...fmts] = m.mline.slice(2).split(' ');
  m.kind = kind;
  m.port = Number(port);
  m.proto = proto;
  m.fmts = fmts;
  m.mid = attr(m, 'mid');
  m.direction =
    ['sendrecv', 'sendonly', 'recvonly', 'inactive'].find((d) => m.lines.includes('a=' + d)) ||
    'sendrecv';
}

/** The value of the first `a=<name>:value` (or '' for a flag), or null. */
export function attr(section, name) {
  const p = 'a=' + name;
  for (const l of section.lines) {
    if (l === p) return '';
    if (l.startsWith(p + ':')) return l.slice(p.length + 1);
  }
  return null;
}

/** Every value of `a=<name>:value`. */
export function attrs(section, name) {
  const p = 'a=' + name + ':';
  return section.lines.filter((l) => l.startsWith(p)).map((l) => l.slice(p.length));
}

/** `a=ssrc:` lines as a Map ssrc -> {cname, msid, ...}, in order of first appearance. */
export function ssrcs(section) {
  const map = new Map();
  for (const v of attrs(section, 'ssrc')) {
    const m = /^(\d+) ([\w-]+)(?::(.*))?$/.exec(v);
    if (!m) continue;
    const ssrc = Number(m[1]);
    if (!map.has(ssrc)) map.set(ssrc, {});
    map.get(ssrc)[m[2]] = m[3] === undefined ? '' : m[3];
  }
  return map;
}

/** `a=ssrc-group:` lines as [{semantics, ssrcs}]. */
export function ssrcGroups(section) {
  return attrs(section, 'ssrc-group').map((v) => {
    const [semantics, ...list] = v.split(' ');
    return { semantics, ssrcs: list.map(Number) };
  });
}

/** Parses `a=candidate:` values into Jingle candidate attributes. */
export function parseCandidate(value) {
  const p = value.replace(/^candidate:/, '').split(' ');
  const c = {
    foundation: p[0],
    component: p[1],
    protocol: p[2].toLowerCase(),
    priority: p[3],
    ip: p[4],
    port: p[5],
    type: p[7],
    generation: '0',
  };
  for (let i = 8; i + 1 < p.length; i += 2) {
    if (p[i] === 'raddr') c['rel-addr'] = p[i + 1];
    else if (p[i] === 'rport') c['rel-port'] = p[i + 1];
    else if (p[i] === 'tcptype') c.tcptype = p[i + 1];
    else if (p[i] === 'generation') c.generation = p[i + 1];
  }
  return c;
}

/** Writes Jingle candidate attributes as an `a=candidate:` value. */
export function writeCandidate(c) {
  let s = `candidate:${c.foundation} ${c.component} ${c.protocol} ${c.priority} ${c.ip} ${c.port} typ ${c.type}`;
  if (c['rel-addr'] && c['rel-port']) s += ` raddr ${c['rel-addr']} rport ${c['rel-port']}`;
  if (c.tcptype) s += ` tcptype ${c.tcptype}`;
  return s + ` generation ${c.generation || 0}`;
}
