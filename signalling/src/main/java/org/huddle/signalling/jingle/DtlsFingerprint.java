package org.huddle.signalling.jingle;

import org.huddle.signalling.WireNamespaces;
import org.huddle.xmpp.codec.Element;

/**
 * The certificate fingerprint and DTLS role of a transport, {@code <fingerprint hash=
 * setup=>AB:CD:...</fingerprint>} (XEP-0320 §3, https://xmpp.org/extensions/xep-0320.html; RFC
 * 8122). See docs/wire.md#transport.
 *
 * @param hash the hash function, e.g. {@code sha-256}
 * @param setup {@code actpass}, {@code active} or {@code passive}, or null
 * @param cryptex whether RTP header extensions are encrypted too (RFC 9335), or null when unsaid
 * @param value the fingerprint, hex pairs separated by colons
 */
public record DtlsFingerprint(String hash, String setup, Boolean cryptex, String value) {
  public static final String ELEMENT = "fingerprint";
  public static final String NAMESPACE = WireNamespaces.DTLS;

  public static DtlsFingerprint parse(Element e) {
    String cryptex = e.attr("cryptex");
    return new DtlsFingerprint(
        e.attr("hash"),
        e.attr("setup"),
        cryptex == null ? null : Boolean.parseBoolean(cryptex),
        e.text().trim());
  }

  public DtlsFingerprint withSetup(String newSetup) {
    return new DtlsFingerprint(hash, newSetup, cryptex, value);
  }

  public Element toElement() {
    return new Element(ELEMENT, NAMESPACE)
        .attr("hash", hash)
        .attr("setup", setup)
        .attr("cryptex", cryptex)
        .text(value);
  }
}
