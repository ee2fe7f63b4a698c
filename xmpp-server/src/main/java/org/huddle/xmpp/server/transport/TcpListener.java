package org.huddle.xmpp.server.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.huddle.xmpp.server.config.XmppConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP port whose connections each carry one XML stream. Every connection gets the same small
 * pipeline: {@code [TLS, added by STARTTLS] → flush consolidation → idle detection → stream
 * connection}.
 */
public final class TcpListener implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TcpListener.class);

  private final Channel server;
  private final String name;

  private TcpListener(String name, Channel server) {
    this.name = name;
    this.server = server;
  }

  /**
   * Binds and starts accepting.
   *
   * @param idle silence after which the connection is told it is idle
   * @param connections makes the handler for each new connection
   */
  static TcpListener bind(
      String name,
      EventLoopGroup boss,
      EventLoopGroup workers,
      NetworkBackend backend,
      XmppConfig.Listener listener,
      Duration idle,
      Supplier<StreamConnection> connections)
      throws InterruptedException {
    ServerBootstrap b =
        new ServerBootstrap()
            .group(boss, workers)
            .channel(backend.serverChannel())
            .option(ChannelOption.SO_BACKLOG, 1024)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.SO_KEEPALIVE, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(
                ChannelOption.WRITE_BUFFER_WATER_MARK,
                new WriteBufferWaterMark(32 * 1024, 64 * 1024))
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    initPipeline(ch, idle, connections.get());
                  }
                });
    Channel ch =
        b.bind(new InetSocketAddress(listener.address(), listener.port())).sync().channel();
    LOG.info("{} listening on {}", name, ch.localAddress());
    return new TcpListener(name, ch);
  }

  /** The pipeline of every stream connection, whatever carries its bytes. */
  static void initPipeline(Channel ch, Duration idle, StreamConnection connection) {
    ch.pipeline()
        .addLast("flush", new FlushConsolidationHandler(64, true))
        .addLast("idle", new IdleStateHandler(idle.toMillis(), 0, 0, TimeUnit.MILLISECONDS))
        .addLast("stream", connection);
  }

  /** Whether the listening socket is still open. */
  public boolean open() {
    return server.isActive();
  }

  /** The bound port (useful when asked for port 0). */
  public int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  @Override
  public void close() {
    server.close().awaitUninterruptibly();
    LOG.info("{} stopped", name);
  }
}
