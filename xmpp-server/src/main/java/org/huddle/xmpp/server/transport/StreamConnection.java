package org.huddle.xmpp.server.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.Namespaces;
import org.huddle.xmpp.codec.ParseBudget;
import org.huddle.xmpp.codec.ParserLimits;
import org.huddle.xmpp.codec.StreamError;
import org.huddle.xmpp.codec.XmlStreamParser;
import org.huddle.xmpp.codec.XmlWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One XML stream over a TCP connection (RFC 6120 §4): bytes are parsed into elements for the
 * session above; elements from the session are written back with the stream's framing. Subclasses
 * pick the session (client or component).
 *
 * <p>Runs on the channel's event loop. Writes from other threads are handed to Netty, which queues
 * them on the channel; a peer that stops reading while more than {@code maxOutboundBytes} are
 * queued is disconnected so that it cannot make the server hold its backlog.
 *
 * <p>Each read is charged to the connection's {@link ParseBudget} once it is parsed: a peer that
 * asks for more parsing than the budget allows is not read from until the budget has refilled
 * (auto-read off), so that it cannot keep its event loop, which it shares with other connections,
 * busy; one that stays over for longer than the budget's throttle limit gets {@code
 * policy-violation}. Time is the event loop's ticker, which tests can move by hand.
 */
abstract class StreamConnection extends ChannelInboundHandlerAdapter
    implements XmlStreamParser.Handler {
  private static final Logger LOG = LoggerFactory.getLogger(StreamConnection.class);

  private final ParserLimits limits;
  private final long maxOutboundBytes;
  private final SslContext tls;
  private final String contentNamespace;
  protected Channel channel;
  private XmlStreamParser parser;
  private ParseBudget budget;
  private long charged;
  private boolean resumeScheduled;
  private boolean headerSent;
  private volatile boolean closing;
  private SerialOutput<ByteBuf> output;

  StreamConnection(
      ParserLimits limits, long maxOutboundBytes, SslContext tls, String contentNamespace) {
    this.limits = limits;
    this.maxOutboundBytes = maxOutboundBytes;
    this.tls = tls;
    this.contentNamespace = contentNamespace;
  }

  /** The stream opened; {@code header} is the root element with its attributes. */
  protected abstract void opened(Element header) throws StreamError;

  /** A complete top-level element arrived. */
  protected abstract void received(Element element) throws StreamError;

  /** The peer closed its stream. */
  protected abstract void closedByPeer();

  /** The connection is gone. */
  protected abstract void disconnected(String reason);

  /** Nothing arrived for the idle interval. */
  protected void idle() {}

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    channel = ctx.channel();
    output =
        new SerialOutput<>(
            channel.eventLoop(), b -> channel.write(b, channel.voidPromise()), channel::flush);
    parser = new XmlStreamParser(limits, XmlStreamParser.Mode.STREAM, this);
    budget = new ParseBudget(limits.budget(), now());
    super.channelActive(ctx);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf buf = (ByteBuf) msg;
    try {
      if (closing) {
        return;
      }
      parser.feed(buf.nioBuffer());
      chargeParseWork();
    } catch (StreamError e) {
      fail(e);
    } finally {
      buf.release();
    }
  }

  /**
   * Charges what the last read cost. A read that arrives while reading is paused (TLS may hold
   * decrypted data, and another handler may turn auto-read back on) is charged too and keeps the
   * pause going, so whatever resumes reading early costs at most one read.
   */
  private void chargeParseWork() throws StreamError {
    long work = parser.work();
    Duration pause = budget.charge(work - charged, now());
    charged = work;
    if (!pause.isZero()) {
      if (channel.config().isAutoRead()) {
        LOG.debug("{} is over its parse budget; not reading for {}", remoteAddress(), pause);
      }
      channel.config().setAutoRead(false);
      scheduleResume(pause);
    }
  }

  private void scheduleResume(Duration after) {
    if (!resumeScheduled) {
      resumeScheduled = true;
      channel.eventLoop().schedule(this::resumeReading, after.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  private void resumeReading() {
    resumeScheduled = false;
    if (closing) {
      return;
    }
    Duration wait = budget.waitAt(now());
    if (wait.isZero()) {
      channel.config().setAutoRead(true);
    } else {
      scheduleResume(wait);
    }
  }

  private long now() {
    return channel.eventLoop().ticker().nanoTime();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    closing = true;
    output.clear(ByteBuf::release);
    disconnected(headerSent ? "connection closed" : "connection closed before the stream opened");
    super.channelInactive(ctx);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof IdleStateEvent) {
      idle();
      return;
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("connection from {} failed: {}", remoteAddress(), cause.toString());
    ctx.close();
  }

  // --- XmlStreamParser.Handler
  // ----------------------------------------------------------------------------------

  @Override
  public void streamOpened(Element header) throws StreamError {
    if (!header.is("stream", Namespaces.STREAMS)) {
      throw new StreamError(
          StreamError.Condition.INVALID_NAMESPACE, "the root must be stream:stream");
    }
    if (!contentNamespace.equals(header.attr("xmlns"))) {
      throw new StreamError(
          StreamError.Condition.INVALID_NAMESPACE,
          "the stream's namespace must be " + contentNamespace);
    }
    opened(header);
  }

  @Override
  public void element(Element element) throws StreamError {
    received(element);
  }

  @Override
  public void streamClosed() {
    closedByPeer();
  }

  // --- output
  // ---------------------------------------------------------------------------------------------------

  /** Sends the server's stream header. */
  public void openStream(String from, String id) {
    StringBuilder sb = new StringBuilder(256);
    sb.append("<?xml version='1.0'?><stream:stream xmlns='")
        .append(contentNamespace)
        .append("' xmlns:stream='")
        .append(Namespaces.STREAMS)
        .append("' id='")
        .append(id)
        .append('\'');
    if (from != null) {
      sb.append(" from='");
      XmlWriter.escapeAttribute(from, sb);
      sb.append('\'');
    }
    sb.append(" version='1.0' xml:lang='en'>");
    headerSent = true;
    write(sb);
  }

  public void send(Element element) {
    if (closing) {
      return;
    }
    StringBuilder sb = new StringBuilder(256);
    XmlWriter.writeTopLevel(element, Namespaces.CLIENT, false, sb);
    write(sb);
  }

  /** Sends a whitespace keepalive (RFC 6120 §4.6.1). */
  protected void keepalive() {
    if (!closing && headerSent) {
      enqueue(" ");
    }
  }

  public void closeStream() {
    if (closing) {
      return;
    }
    closing = true;
    enqueue("</stream:stream>");
    output.then(() -> channel.close());
  }

  public void fail(StreamError error) {
    if (closing) {
      return;
    }
    LOG.debug("stream error to {}: {}", remoteAddress(), error.toString());
    StringBuilder sb = new StringBuilder(256);
    if (!headerSent) {
      sb.append("<?xml version='1.0'?><stream:stream xmlns='")
          .append(contentNamespace)
          .append("' xmlns:stream='")
          .append(Namespaces.STREAMS)
          .append("' version='1.0'>");
      headerSent = true;
    }
    XmlWriter.writeTopLevel(error.toElement(), contentNamespace, false, sb);
    sb.append("</stream:stream>");
    closing = true;
    enqueue(sb);
    output.then(() -> channel.close());
  }

  private void write(CharSequence xml) {
    long backlog =
        output.queuedBytes() + (channel.isWritable() ? 0 : channel.bytesBeforeWritable());
    if (backlog > maxOutboundBytes) {
      LOG.info("{} is not reading ({} bytes waiting); disconnecting it", remoteAddress(), backlog);
      closing = true;
      output.then(() -> channel.close());
      return;
    }
    enqueue(xml);
  }

  private void enqueue(CharSequence xml) {
    ByteBuf buf = utf8(xml);
    output.add(buf, buf.readableBytes());
  }

  private ByteBuf utf8(CharSequence s) {
    return ByteBufUtil.writeUtf8(channel.alloc(), s);
  }

  // --- TLS and restarts
  // -----------------------------------------------------------------------------------------

  public boolean secure() {
    return channel.pipeline().get(SslHandler.class) != null;
  }

  public boolean canStartTls() {
    return tls != null;
  }

  /**
   * Installs TLS before {@code proceed} is written: the handler lets that first write through in
   * clear (Netty's startTls flag), and everything after is encrypted, so no byte of the client's
   * handshake can slip past it.
   */
  public void startTls(Element proceed) {
    // Runs on the event loop, after everything queued before <proceed/>; nothing else is queued
    // pre-auth.
    output.then(
        () -> {
          channel.pipeline().addFirst("tls", new SslHandler(tls.newEngine(channel.alloc()), true));
          StringBuilder sb = new StringBuilder();
          XmlWriter.writeTopLevel(proceed, Namespaces.CLIENT, false, sb);
          channel.writeAndFlush(utf8(sb), channel.voidPromise());
        });
    parser.reset();
  }

  public void restartStream() {
    parser.reset();
  }

  public String remoteAddress() {
    if (channel != null && channel.remoteAddress() instanceof InetSocketAddress a) {
      return a.getAddress().getHostAddress();
    }
    return "unknown";
  }

  public void execute(Runnable task) {
    channel.eventLoop().execute(task);
  }

  public void schedule(Runnable task, Duration delay) {
    channel.eventLoop().schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
  }
}
