package org.huddle.xmpp.server.transport;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the network threads wait for sockets ({@code network_backend}, Prosody's name): Linux's epoll
 * through Netty's native transport, or Java's NIO selector anywhere else. epoll is the default and
 * falls back to NIO, with one warning, where its native library cannot load (another OS or CPU, a
 * {@code noexec} temporary folder).
 */
public enum NetworkBackend {
  NIO,
  EPOLL;

  private static final Logger LOG = LoggerFactory.getLogger(NetworkBackend.class);

  /**
   * The backend a setting names: {@code epoll}, or {@code nio} (Prosody's {@code select} and {@code
   * event} mean NIO here).
   *
   * @throws IllegalArgumentException for any other name
   */
  public static NetworkBackend choose(String name) {
    switch (name.strip().toLowerCase(Locale.ROOT)) {
      case "epoll" -> {
        if (Epoll.isAvailable()) {
          return EPOLL;
        }
        LOG.warn(
            "network_backend 'epoll' is not available here ({}); using NIO",
            Epoll.unavailabilityCause().toString());
        return NIO;
      }
      case "nio", "select", "event" -> {
        return NIO;
      }
      default ->
          throw new IllegalArgumentException(
              "network_backend must be 'epoll' or 'nio', not '" + name + "'");
    }
  }

  /** Makes the I/O handler of each network thread. */
  public IoHandlerFactory ioHandlers() {
    return this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
  }

  /** The listening socket's channel type, which must match the threads' handler. */
  public Class<? extends ServerSocketChannel> serverChannel() {
    return this == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }
}
