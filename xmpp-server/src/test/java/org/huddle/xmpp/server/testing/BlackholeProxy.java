package org.huddle.xmpp.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on loopback that can silently stop carrying its current connections, as a network
 * that vanishes does: no FIN, no RST, the server just hears nothing more. New connections still get
 * through.
 */
public final class BlackholeProxy implements AutoCloseable {
  private record Pair(Socket client, Socket upstream) {}

  private final ServerSocket listener;
  private final int target;
  private final List<Pair> pairs = new CopyOnWriteArrayList<>();
  private volatile boolean running = true;

  public BlackholeProxy(int target) throws IOException {
    this.target = target;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofPlatform().daemon().start(this::accept);
  }

  public int port() {
    return listener.getLocalPort();
  }

  private void accept() {
    while (running) {
      try {
        Socket client = listener.accept();
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
        Pair p = new Pair(client, upstream);
        pairs.add(p);
        Thread.ofPlatform().daemon().start(() -> pump(p, client, upstream));
        Thread.ofPlatform().daemon().start(() -> pump(p, upstream, client));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void pump(Pair p, Socket from, Socket to) {
    byte[] buf = new byte[16 * 1024];
    try (InputStream in = from.getInputStream()) {
      OutputStream out = to.getOutputStream();
      int n;
      while ((n = in.read(buf)) >= 0) {
        if (!pairs.contains(p)) {
          return; // blackholed: swallow, and never close the other side
        }
        out.write(buf, 0, n);
        out.flush();
      }
      if (pairs.contains(p)) {
        to.shutdownOutput();
      }
    } catch (IOException ignored) {
      // the connection ended
    }
  }

  /** From now on the current connections carry nothing and are never closed towards the server. */
  public void blackholeCurrent() {
    pairs.clear();
  }

  @Override
  public void close() throws IOException {
    running = false;
    listener.close();
  }
}
