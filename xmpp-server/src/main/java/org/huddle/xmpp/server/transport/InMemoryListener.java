package org.huddle.xmpp.server.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A listener inside the JVM (Netty's local transport): the same pipeline as a TCP port's, stream
 * parser and session included, with no socket under it. Tests connect to it; nothing outside the
 * process can. It is bound only when asked for, on event loops of its own, since Netty's local
 * channels cannot share the NIO loops.
 */
final class InMemoryListener implements AutoCloseable {
  private final EventLoopGroup loops;
  private final Channel server;

  private InMemoryListener(EventLoopGroup loops, Channel server) {
    this.loops = loops;
    this.server = server;
  }

  static InMemoryListener bind(String name, Duration idle, Supplier<StreamConnection> connections) {
    EventLoopGroup loops =
        new MultiThreadIoEventLoopGroup(
            2, new DefaultThreadFactory("xmpp-" + name, true), LocalIoHandler.newFactory());
    try {
      Channel server =
          new ServerBootstrap()
              .group(loops)
              .channel(LocalServerChannel.class)
              .childHandler(
                  new ChannelInitializer<LocalChannel>() {
                    @Override
                    protected void initChannel(LocalChannel ch) {
                      TcpListener.initPipeline(ch, idle, connections.get());
                    }
                  })
              .bind(new LocalAddress(InMemoryListener.class))
              .syncUninterruptibly()
              .channel();
      return new InMemoryListener(loops, server);
    } catch (RuntimeException e) {
      loops.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      throw e;
    }
  }

  /** Where a {@link LocalChannel} connects to reach this listener. */
  SocketAddress address() {
    return server.localAddress();
  }

  @Override
  public void close() {
    server.close().awaitUninterruptibly();
    loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
  }
}
