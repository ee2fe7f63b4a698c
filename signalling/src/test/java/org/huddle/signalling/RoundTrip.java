package org.huddle.signalling;

import static org.assertj.core.api.Assertions.assertThat;

import org.huddle.xmpp.codec.Element;

/** Parses text, writes the typed element back, and checks the text is unchanged. */
public final class RoundTrip {
  private RoundTrip() {}

  /** A reader of one element type. */
  @FunctionalInterface
  public interface Reader<T> {
    T parse(Element e) throws SignallingException;
  }

  /** A writer of one element type. */
  @FunctionalInterface
  public interface Writer<T> {
    Element write(T t);
  }

  /** Parses {@code xml}, writes it back, asserts the same text, and returns the typed value. */
  public static <T> T check(String xml, Reader<T> reader, Writer<T> writer)
      throws SignallingException {
    T typed = reader.parse(Xml.parse(xml));
    assertThat(writer.write(typed).toXml()).isEqualTo(xml);
    assertThat(reader.parse(writer.write(typed))).isEqualTo(typed);
    return typed;
  }
}
