package org.huddle.xmpp.server.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.ParserLimits;
import org.huddle.xmpp.codec.StreamError;
import org.huddle.xmpp.codec.XmlStreamParser;

/**
 * One XML stream to a test server with no socket under it: a Netty local channel to the server's
 * {@link org.huddle.xmpp.server.XmppServer#inMemoryC2s() in-memory listener}, where the server's
 * own pipeline (stream parser, session, routing) takes it. What the test sends is written as bytes;
 * what the server sends is parsed back with the codec's stream parser, so both directions go
 * through the XML codec as on a TCP connection.
 *
 * <p>What arrives is queued as {@link Event}s, read with {@link #next}: the server's stream header,
 * each top-level element, the end of its stream, and the end of the connection.
 */
public final class InMemoryStream implements AutoCloseable {
  private static final EventLoopGroup LOOPS =
      new MultiThreadIoEventLoopGroup(
          2, new DefaultThreadFactory("in-memory-client", true), LocalIoHandler.newFactory());

  /** What the server did on the stream, in order. */
  public sealed interface Event {}

  /** The server opened (or reopened) its stream. */
  public record Opened(Element header) implements Event {}

  /** A top-level element: a stanza, or a nonza such as {@code <stream:features/>}. */
  public record Received(Element element) implements Event {}

  /** The server closed its stream ({@code </stream:stream>}). */
  public record StreamClosed() implements Event {}

  /** The connection is gone. */
  public record Disconnected() implements Event {}

  /** What the server sent could not be parsed. */
  public record Unparsable(StreamError error) implements Event {}

  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final Channel channel;
  private final XmlStreamParser parser;

  private InMemoryStream(SocketAddress server) {
    parser =
        new XmlStreamParser(
            ParserLimits.DEFAULT, XmlStreamParser.Mode.STREAM, new Parsed(events::add));
    channel =
        new Bootstrap()
            .group(LOOPS)
            .channel(LocalChannel.class)
            .handler(new Reader())
            .connect(server)
            .syncUninterruptibly()
            .channel();
  }

  /** A client stream to {@code server}'s c2s pipeline. */
  public static InMemoryStream client(TestServer server) {
    return new InMemoryStream(server.server().inMemoryC2s());
  }

  /** A stream to {@code server}'s component pipeline (XEP-0114). */
  public static InMemoryStream component(TestServer server) {
    return new InMemoryStream(server.server().inMemoryComponent());
  }

  /** Writes {@code xml} as it is, in one write. */
  public InMemoryStream send(String xml) {
    return send(xml.getBytes(UTF_8));
  }

  /**
   * Writes bytes as they are, in one write. A write after the server has closed the connection is
   * lost, as on a socket.
   */
  public InMemoryStream send(byte[] bytes) {
    channel.writeAndFlush(Unpooled.wrappedBuffer(bytes)).awaitUninterruptibly();
    return this;
  }

  /**
   * Starts parsing a new stream from the server, as after SASL success; call before sending the new
   * stream header, so that the server's answer meets the new parser.
   */
  public void restart() {
    channel.eventLoop().submit(parser::reset).syncUninterruptibly();
  }

  /** The next event, waiting at most {@code timeout}; null if none came. */
  public Event next(Duration timeout) {
    try {
      return events.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for the server", e);
    }
  }

  /** Whether the connection is still open. */
  public boolean open() {
    return channel.isActive();
  }

  /** Drops the connection without closing the stream, as a client that loses its network. */
  public void drop() {
    channel.close().syncUninterruptibly();
  }

  @Override
  public void close() {
    drop();
  }

  private final class Reader extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf buf = (ByteBuf) msg;
      try {
        if (!parser.isDone()) {
          parser.feed(buf.nioBuffer());
        }
      } catch (StreamError e) {
        events.add(new Unparsable(e));
        ctx.close();
      } finally {
        buf.release();
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      events.add(new Disconnected());
    }
  }

  /** Hands what a parser finds to {@code sink}, as events. */
  record Parsed(Consumer<Event> sink) implements XmlStreamParser.Handler {
    @Override
    public void streamOpened(Element header) {
      sink.accept(new Opened(header));
    }

    @Override
    public void element(Element element) {
      sink.accept(new Received(element));
    }

    @Override
    public void streamClosed() {
      sink.accept(new StreamClosed());
    }
  }
}
