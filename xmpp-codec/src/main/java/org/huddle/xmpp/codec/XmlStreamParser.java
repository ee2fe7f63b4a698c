package org.huddle.xmpp.codec;

import com.fasterxml.aalto.AsyncByteArrayFeeder;
import com.fasterxml.aalto.AsyncXMLStreamReader;
import com.fasterxml.aalto.UncheckedStreamException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import org.huddle.xmpp.codec.StreamError.Condition;

/**
 * A non-blocking XMPP stream parser: bytes in, whole stanzas out (RFC 6120 §4 and §11).
 *
 * <p>Bytes may arrive split anywhere, even inside a multi-byte character; the parser keeps what it
 * needs and hands each complete top-level element to the {@link Handler}. It enforces RFC 6120
 * §11.1: no DTD, no entity declarations or references beyond the predefined five, no comments and
 * no processing instructions ({@code restricted-xml}). It bounds each stanza's size and depth, the
 * attributes and namespace declarations of each element and the namespace declarations of each
 * stanza ({@code policy-violation}), so that a hostile peer cannot make it hold more than {@link
 * ParserLimits#maxStanzaBytes()} bytes at a time, nor spend much more time on a stanza than on
 * plain text of its size. Input that is not strict UTF-8, or holds characters XML 1.0 forbids, is
 * {@code not-well-formed} ({@link CharacterCheck}).
 *
 * <p>Each byte is looked at by two small checks before Aalto sees it: {@link CharacterCheck} and
 * {@link StartTagCounter}. When one of them finds a problem, the bytes before it are still parsed,
 * so errors are reported in stream order and stanzas that came before are delivered. The counter
 * also measures the parse {@link #work()}, which the transport charges to the connection's {@link
 * ParseBudget}.
 *
 * <p>Three shapes of input use it:
 *
 * <ul>
 *   <li>{@link Mode#STREAM}: a TCP stream, {@code <stream:stream>} with stanzas as children. BOSH
 *       bodies use this mode too, one parser per HTTP request, with {@code <body>} as the root.
 *   <li>{@link Mode#FRAMED}: RFC 7395 WebSocket frames, each one complete element ({@code <open/>},
 *       a stanza, {@code <close/>}). The parser wraps them in an implicit root in the {@code
 *       jabber:client} namespace.
 * </ul>
 *
 * <p>Elements in the stream's content namespace ({@code jabber:component:accept} on a component
 * stream) are reported in {@link Namespaces#CLIENT}, so the rest of the server sees one stanza
 * namespace whatever the transport.
 *
 * <p>A parser belongs to one connection and is not thread-safe.
 */
public final class XmlStreamParser {
  /**
   * Receives what the parser finds. Each method may throw a stream error, which ends the stream.
   */
  public interface Handler {
    /**
     * The root element opened (STREAM mode only). The header carries the root's attributes, and its
     * default namespace declaration as the pseudo-attribute {@code xmlns}.
     */
    void streamOpened(Element header) throws StreamError;

    /**
     * A complete top-level element: a stanza, or a nonza such as {@code <auth/>} or {@code <r/>}.
     */
    void element(Element element) throws StreamError;

    /** The root element closed (STREAM mode only). */
    void streamClosed() throws StreamError;
  }

  /** How elements are framed on the wire. */
  public enum Mode {
    STREAM,
    FRAMED
  }

  private static final byte[] FRAMED_ROOT =
      "<framed xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>"
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private final ParserLimits limits;
  private final Mode mode;
  private final Handler handler;
  private final ArrayDeque<Element> open = new ArrayDeque<>();
  private final CharacterCheck characters = new CharacterCheck();
  private final StartTagCounter tags;
  private final NameCount names;
  private AsyncXMLStreamReader<AsyncByteArrayFeeder> reader;
  private String contentNamespace = Namespaces.CLIENT;
  private long fed;
  private long unitStart;
  private long stanzaStart;
  private boolean doctypeSeen;
  private int depth;
  private int stanzaNamespaces;
  private boolean done;
  private boolean resetRequested;
  private byte[] scratch;
  private final byte[] carry = new byte[4];
  private int carried;

  public XmlStreamParser(ParserLimits limits, Mode mode, Handler handler) {
    this.limits = limits;
    this.mode = mode;
    this.handler = handler;
    this.tags = new StartTagCounter(limits.maxAttributes());
    this.names = new NameCount(limits.maxStreamNames());
    newReader();
  }

  /**
   * Starts a new stream on the same connection, as after STARTTLS or SASL success (RFC 6120
   * §5.4.3.3, §6.4.6). Called from a handler, it takes effect at once: nothing after the current
   * element is parsed by the old stream.
   */
  public void reset() {
    resetRequested = true;
    newReader();
  }

  private void newReader() {
    // The old reader is dropped, not closed (see AaltoReaders).
    reader = AaltoReaders.create();
    names.clear();
    characters.reset();
    carried = 0;
    tags.reset();
    open.clear();
    depth = 0;
    fed = 0;
    unitStart = 0;
    done = false;
    doctypeSeen = false;
    contentNamespace = Namespaces.CLIENT;
    if (mode == Mode.FRAMED) {
      try {
        feedRaw(FRAMED_ROOT, 0, FRAMED_ROOT.length);
      } catch (StreamError e) {
        throw new IllegalStateException("the implicit framing root must parse", e);
      }
      unitStart = fed;
    }
  }

  /**
   * The parse work of all input so far, across stream restarts: one unit a byte, plus {@value
   * StartTagCounter#ELEMENT_WEIGHT} for each element and {@value StartTagCounter#ATTRIBUTE_WEIGHT}
   * for each attribute or namespace declaration. The weights come from timing Aalto on inputs made
   * of nothing but one of each (docs/xmpp-server.md), so that a unit costs about the same whatever
   * the input.
   */
  public long work() {
    return tags.work();
  }

  /** Whether the root element has closed; later input is ignored. */
  public boolean isDone() {
    return done;
  }

  /** Parses bytes from a buffer, consuming them. */
  public void feed(ByteBuffer buf) throws StreamError {
    int len = buf.remaining();
    if (buf.hasArray()) {
      feed(buf.array(), buf.arrayOffset() + buf.position(), len);
      buf.position(buf.limit());
      return;
    }
    if (scratch == null || scratch.length < len) {
      scratch = new byte[Math.max(len, 4096)];
    }
    buf.get(scratch, 0, len);
    feed(scratch, 0, len);
  }

  /** Parses bytes. The array is not kept after the call returns. */
  public void feed(byte[] data, int off, int len) throws StreamError {
    if (done || len == 0) {
      return;
    }
    feedRaw(data, off, len);
    if (mode == Mode.FRAMED && !done && depth != 1 && !resetRequested) {
      // RFC 7395 §3.3.3: every frame holds whole elements.
      throw new StreamError(
          Condition.NOT_WELL_FORMED, "a WebSocket frame must hold one complete element");
    }
  }

  private void feedRaw(byte[] data, int off, int len) throws StreamError {
    resetRequested = false;
    StreamError early = null;
    int clean = len;
    int bad = characters.scan(data, off, len);
    if (bad >= 0) {
      clean = bad - off;
      early = new StreamError(Condition.NOT_WELL_FORMED, characters.problem());
    }
    int crowded = tags.scan(data, off, clean);
    if (crowded >= 0) {
      clean = crowded - off;
      early =
          new StreamError(
              Condition.POLICY_VIOLATION,
              "more than "
                  + limits.maxAttributes()
                  + " attributes and namespace declarations on one element");
    }
    if (clean > 0) {
      parseWholeCharacters(data, off, clean, early == null);
    }
    if (early != null && !done && !resetRequested) {
      done = true;
      throw early;
    }
  }

  /**
   * Parses bytes, holding back a UTF-8 character that they cut short until the rest of it arrives,
   * so that Aalto sees every character whole. Aalto 1.4's async reader drops a character cut after
   * its first byte inside an attribute value that later holds an entity reference ({@code
   * XmlStreamParserFuzzTest}, crash-four-byte-character-cut-in-attribute). The bytes have passed
   * {@link CharacterCheck}, so a held-back sequence is a valid start of one; {@code hold} is false
   * when an error follows them, and then all of them go to Aalto.
   */
  private void parseWholeCharacters(byte[] data, int off, int len, boolean hold)
      throws StreamError {
    if (carried > 0) {
      int whole = utf8Length(carry[0]);
      int take = Math.min(whole - carried, len);
      System.arraycopy(data, off, carry, carried, take);
      carried += take;
      off += take;
      len -= take;
      if (carried < whole && hold) {
        return;
      }
      int n = carried;
      carried = 0;
      parse(carry, 0, n);
      if (done || resetRequested) {
        return;
      }
    }
    int tail = hold ? cutCharacterAtEnd(data, off, len) : 0;
    if (len > tail) {
      parse(data, off, len - tail);
    }
    if (tail > 0 && !done && !resetRequested) {
      System.arraycopy(data, off + len - tail, carry, 0, tail);
      carried = tail;
    }
  }

  /** How many bytes at the end of well-formed UTF-8 begin a character that they do not finish. */
  private static int cutCharacterAtEnd(byte[] data, int off, int len) {
    int end = off + len;
    for (int i = end - 1; i >= Math.max(off, end - 3); i--) {
      int b = data[i] & 0xFF;
      if (b < 0x80) {
        return 0;
      }
      if (b >= 0xC0) {
        return end - i < utf8Length(b) ? end - i : 0;
      }
    }
    return 0;
  }

  private static int utf8Length(int lead) {
    int b = lead & 0xFF;
    return b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
  }

  private void parse(byte[] data, int off, int len) throws StreamError {
    if (depth == 0 && !doctypeSeen) {
      doctypeSeen = contains(data, off, len, DOCTYPE);
    }
    try {
      reader.getInputFeeder().feedInput(data, off, len);
      fed += len;
      int event;
      while ((event = nextEvent()) != AsyncXMLStreamReader.EVENT_INCOMPLETE) {
        onEvent(event);
        if (done || resetRequested) {
          return;
        }
      }
    } catch (XMLStreamException e) {
      throw notWellFormed(e);
    } catch (UncheckedStreamException e) {
      // Aalto decodes text lazily, and reports a bad character in it (such as the reference &#0;)
      // from getText(), which cannot throw a checked exception.
      throw notWellFormed(e.getCause() instanceof XMLStreamException x ? x : null);
    } catch (StreamError e) {
      done = true;
      throw e;
    }
    if (fed - unitStart > limits.maxStanzaBytes()) {
      done = true;
      throw new StreamError(
          Condition.POLICY_VIOLATION, "stanza larger than " + limits.maxStanzaBytes() + " bytes");
    }
  }

  private int nextEvent() throws XMLStreamException {
    try {
      return reader.next();
    } catch (UncheckedStreamException e) {
      throw e;
    } catch (RuntimeException e) {
      // Aalto answers an element named with the reserved prefix (<xmlns:a>) with a bare
      // RuntimeException as it binds the name. Namespaces in XML §3 makes that input not
      // namespace-well-formed, so it ends the stream as any malformed XML does. Found by
      // XmlStreamParserFuzzTest (crash-xmlns-prefix-on-element-name).
      throw new XMLStreamException("element name with a reserved prefix", e);
    }
  }

  private StreamError notWellFormed(XMLStreamException e) {
    done = true;
    if (depth == 0 && doctypeSeen) {
      // Aalto's async reader cannot parse an internal DTD subset and fails on it as malformed; it
      // is a DTD all the same, which RFC 6120 §11.1 answers with restricted-xml.
      return new StreamError(Condition.RESTRICTED_XML, "a DTD is not allowed in XMPP");
    }
    return new StreamError(Condition.NOT_WELL_FORMED, e == null ? "not well-formed" : describe(e));
  }

  private void onEvent(int event) throws StreamError, XMLStreamException {
    switch (event) {
      case XMLStreamConstants.START_DOCUMENT -> checkEncoding();
      case XMLStreamConstants.START_ELEMENT -> startElement();
      case XMLStreamConstants.END_ELEMENT -> endElement();
      case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
          characters();
      case XMLStreamConstants.END_DOCUMENT -> done = true;
      case XMLStreamConstants.DTD ->
          throw new StreamError(Condition.RESTRICTED_XML, "a DTD is not allowed in XMPP");
      case XMLStreamConstants.ENTITY_REFERENCE, XMLStreamConstants.ENTITY_DECLARATION ->
          throw new StreamError(
              Condition.RESTRICTED_XML, "entity references are not allowed in XMPP");
      case XMLStreamConstants.COMMENT ->
          throw new StreamError(Condition.RESTRICTED_XML, "comments are not allowed in XMPP");
      case XMLStreamConstants.PROCESSING_INSTRUCTION ->
          throw new StreamError(
              Condition.RESTRICTED_XML, "processing instructions are not allowed in XMPP");
      default -> {
        // Other events (NOTATION_DECLARATION, ATTRIBUTE, NAMESPACE) are not reported as such by
        // this reader.
      }
    }
  }

  private void checkEncoding() throws StreamError {
    String declared = reader.getCharacterEncodingScheme();
    if (declared != null && !declared.equalsIgnoreCase("UTF-8")) {
      throw new StreamError(
          Condition.UNSUPPORTED_ENCODING, "XMPP streams are UTF-8, not " + declared);
    }
  }

  private void startElement() throws StreamError, XMLStreamException {
    depth++;
    if (depth == 1) {
      if (mode == Mode.STREAM) {
        Element header = newElement();
        String defaultNs = defaultNamespaceDeclaration();
        if (defaultNs != null) {
          header.attr("xmlns", defaultNs);
          contentNamespace = defaultNs;
        }
        unitStart = reader.getLocationInfo().getEndingByteOffset();
        handler.streamOpened(header);
      }
      return;
    }
    if (depth - 1 > limits.maxDepth()) {
      throw new StreamError(
          Condition.POLICY_VIOLATION, "elements nested deeper than " + limits.maxDepth());
    }
    if (depth == 2) {
      stanzaStart = reader.getLocationInfo().getStartingByteOffset();
      stanzaNamespaces = 0;
    }
    stanzaNamespaces += reader.getNamespaceCount();
    if (stanzaNamespaces > limits.maxStanzaNamespaces()) {
      throw new StreamError(
          Condition.POLICY_VIOLATION,
          "more than " + limits.maxStanzaNamespaces() + " namespace declarations in one stanza");
    }
    Element e = newElement();
    if (!open.isEmpty()) {
      open.peek().add(e);
    }
    open.push(e);
  }

  private Element newElement() throws StreamError {
    String ns = reader.getNamespaceURI();
    if (ns != null && ns.equals(contentNamespace)) {
      ns = Namespaces.CLIENT;
    }
    Element e = new Element(reader.getLocalName(), ns);
    names.name(reader.getPrefix(), checkedLocalName(reader.getLocalName()));
    for (int i = 0, decls = reader.getNamespaceCount(); i < decls; i++) {
      names.declaration(reader.getNamespacePrefix(i));
    }
    int n = reader.getAttributeCount();
    // StartTagCounter has already refused more; this only guards against it and Aalto disagreeing.
    if (n + reader.getNamespaceCount() > limits.maxAttributes()) {
      throw new StreamError(
          Condition.POLICY_VIOLATION,
          "more than "
              + limits.maxAttributes()
              + " attributes and namespace declarations on one element");
    }
    for (int i = 0; i < n; i++) {
      String attrNs = reader.getAttributeNamespace(i);
      String local = reader.getAttributeLocalName(i);
      names.name(reader.getAttributePrefix(i), checkedLocalName(local));
      String key;
      if (attrNs == null || attrNs.isEmpty()) {
        key = local;
      } else if (XMLConstants.XML_NS_URI.equals(attrNs)) {
        key = XmlWriter.xmlAttributeKey(local);
      } else {
        key = "{" + attrNs + "}" + local;
      }
      e.attr(key, reader.getAttributeValue(i));
    }
    return e;
  }

  /**
   * A prefixed name's local part must itself start as a name (Namespaces in XML §4, NCName). Aalto
   * checks the first character of the whole name only, so it takes {@code <stream:8stream>}, whose
   * element our writer could not write back as XML (found by XmlStreamParserFuzzTest,
   * crash-local-name-starting-with-a-digit). Aalto has checked that every character is a name
   * character; of those, only these may not start one (XML 1.0 §2.3).
   */
  private static String checkedLocalName(String local) throws StreamError {
    char c = local.isEmpty() ? '-' : local.charAt(0);
    if (c == '-'
        || c == '.'
        || (c >= '0' && c <= '9')
        || c == 0xB7
        || (c >= 0x300 && c <= 0x36F)
        || c == 0x203F
        || c == 0x2040) {
      throw new StreamError(
          Condition.NOT_WELL_FORMED, "a local name must start with a letter or '_': " + local);
    }
    return local;
  }

  private String defaultNamespaceDeclaration() {
    for (int i = 0; i < reader.getNamespaceCount(); i++) {
      String prefix = reader.getNamespacePrefix(i);
      if (prefix == null || prefix.isEmpty()) {
        return reader.getNamespaceURI(i);
      }
    }
    return null;
  }

  private void endElement() throws StreamError, XMLStreamException {
    depth--;
    if (depth == 0) {
      done = true;
      if (mode == Mode.STREAM) {
        handler.streamClosed();
      }
      return;
    }
    Element e = open.pop();
    if (depth == 1) {
      unitStart = reader.getLocationInfo().getEndingByteOffset();
      if (unitStart - stanzaStart > limits.maxStanzaBytes()) {
        throw new StreamError(
            Condition.POLICY_VIOLATION, "stanza larger than " + limits.maxStanzaBytes() + " bytes");
      }
      handler.element(e);
    }
  }

  private void characters() throws StreamError, XMLStreamException {
    if (depth >= 2) {
      open.peek().text(reader.getText());
      return;
    }
    if (depth == 1 && !isWhitespace(reader.getText())) {
      throw new StreamError(Condition.BAD_FORMAT, "text outside a stanza");
    }
    if (depth == 1) {
      // Whitespace keepalives between stanzas must not count toward the next stanza's size.
      unitStart = reader.getLocationInfo().getEndingByteOffset();
    }
  }

  private static final byte[] DOCTYPE =
      "<!DOCTYPE".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private static boolean contains(byte[] data, int off, int len, byte[] needle) {
    outer:
    for (int i = off, end = off + len - needle.length; i <= end; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (data[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private static boolean isWhitespace(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
        return false;
      }
    }
    return true;
  }

  private static String describe(XMLStreamException e) {
    String m = e.getMessage();
    if (m == null) {
      return "not well-formed";
    }
    // Aalto prefixes messages with a location block on separate lines; keep the first line, which
    // says what.
    int nl = m.indexOf('\n');
    return nl > 0 ? m.substring(0, nl).trim() : m.trim();
  }
}
