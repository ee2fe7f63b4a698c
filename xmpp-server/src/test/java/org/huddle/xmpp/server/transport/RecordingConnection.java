package org.huddle.xmpp.server.transport;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.Namespaces;
import org.huddle.xmpp.codec.ParserLimits;
import org.huddle.xmpp.codec.StreamError;

/**
 * The stream layer over Netty's in-memory channel, with a session that only records what arrives
 * and answers a stream header with its own. Tests feed it bytes, in whatever pieces they like, and
 * read what it wrote.
 */
final class RecordingConnection extends StreamConnection {
  static final String HEADER =
      "<?xml version='1.0'?><stream:stream xmlns='jabber:client'"
          + " xmlns:stream='http://etherx.jabber.org/streams' to='meet.jitsi' version='1.0'>";

  final List<Element> headers = new ArrayList<>();
  final List<Element> received = new ArrayList<>();
  final List<String> disconnects = new ArrayList<>();
  int closedByPeer;
  int idle;
  private final StringBuilder out = new StringBuilder();

  RecordingConnection(ParserLimits limits) {
    super(limits, 1 << 20, null, Namespaces.CLIENT);
  }

  @Override
  protected void opened(Element header) throws StreamError {
    headers.add(header);
    openStream("meet.jitsi", "s1");
  }

  @Override
  protected void received(Element element) {
    received.add(element);
  }

  @Override
  protected void closedByPeer() {
    closedByPeer++;
    closeStream();
  }

  @Override
  protected void disconnected(String reason) {
    disconnects.add(reason);
  }

  @Override
  protected void idle() {
    idle++;
    keepalive();
  }

  /** An in-memory channel carrying this connection. */
  EmbeddedChannel channel() {
    return new EmbeddedChannel(this);
  }

  /** Feeds one read, and runs what it queued (output drains on the event loop). */
  static void send(EmbeddedChannel ch, String xml) {
    ch.writeInbound(Unpooled.copiedBuffer(xml, UTF_8));
    ch.runPendingTasks();
  }

  /** Everything written to the channel so far. */
  String written(EmbeddedChannel ch) {
    ch.runPendingTasks();
    ByteBuf b;
    while ((b = ch.readOutbound()) != null) {
      out.append(b.toString(UTF_8));
      b.release();
    }
    return out.toString();
  }
}
