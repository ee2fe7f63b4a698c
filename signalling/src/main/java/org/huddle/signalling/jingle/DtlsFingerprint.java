package org.huddle.signalling.jingle;

import java.util.Set;
import org.huddle.signalling.Unmodelled;
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
 * @param unmodelled other attributes and any child elements, written back after the known ones
 */
public record DtlsFingerprint(
    String hash, String setup, Boolean cryptex, String value, Unmodelled unmodelled)
    implements IceUdpTransport.Part {
  public static final String ELEMENT = "fingerprint";
  public static final String NAMESPACE = WireNamespaces.DTLS;
  private static final Set<String> KNOWN = Set.of("hash", "setup", "cryptex");

  public DtlsFingerprint {
    unmodelled = unmodelled == null ? Unmodelled.NONE : unmodelled;
  }

  /** A fingerprint with nothing unmodelled, as the bridge builds its own. */
  public DtlsFingerprint(String hash, String setup, Boolean cryptex, String value) {
    this(hash, setup, cryptex, value, Unmodelled.NONE);
  }

  public static DtlsFingerprint parse(Element e) {
    String cryptex = e.attr("cryptex");
    return new DtlsFingerprint(
        e.attr("hash"),
        e.attr("setup"),
        cryptex == null ? null : Boolean.parseBoolean(cryptex),
        e.text().trim(),
        Unmodelled.of(e, KNOWN, child -> false));
  }

  public DtlsFingerprint withSetup(String newSetup) {
    return new DtlsFingerprint(hash, newSetup, cryptex, value, unmodelled);
  }

  @Override
  public Element toElement() {
    Element e =
        new Element(ELEMENT, NAMESPACE)
            .attr("hash", hash)
            .attr("setup", setup)
            .attr("cryptex", cryptex)
            .text(value);
    return unmodelled.addTo(e);
  }
}
