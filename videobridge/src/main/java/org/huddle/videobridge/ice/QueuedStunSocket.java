package org.huddle.videobridge.ice;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.ice4j.TransportAddress;
import org.ice4j.socket.IceSocketWrapper;

/**
 * The socket ice4j's STUN stack reads one remote address's STUN messages from, when a shared port
 * (not this socket) receives them: the port offers each message, ice4j's connector thread takes it.
 * Subclasses send on the shared transport.
 */
abstract class QueuedStunSocket extends IceSocketWrapper {
  private static final byte[] CLOSED = new byte[0];
  private static final int CAPACITY = 64;

  private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(CAPACITY);
  private final TransportAddress local;
  private final InetSocketAddress remote;
  private volatile boolean closed;

  QueuedStunSocket(TransportAddress local, InetSocketAddress remote) {
    this.local = local;
    this.remote = remote;
  }

  final InetSocketAddress remote() {
    return remote;
  }

  final boolean isClosed() {
    return closed;
  }

  /** Queues a copy of a STUN message from the remote side; false when full or closed. */
  final boolean offerStun(byte[] buf, int off, int len) {
    byte[] copy = new byte[len];
    System.arraycopy(buf, off, copy, 0, len);
    return !closed && queue.offer(copy);
  }

  @Override
  public final void receive(DatagramPacket p) throws IOException {
    byte[] m;
    try {
      m = queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SocketException("interrupted");
    }
    if (m == CLOSED || closed) {
      queue.offer(CLOSED); // wake any other reader too
      throw new SocketException("closed");
    }
    if (m.length > p.getData().length - p.getOffset()) {
      throw new IOException("STUN message of " + m.length + " bytes does not fit");
    }
    System.arraycopy(m, 0, p.getData(), p.getOffset(), m.length);
    p.setLength(m.length);
    p.setSocketAddress(remote);
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      queue.clear();
      queue.offer(CLOSED);
    }
  }

  @Override
  public final InetAddress getLocalAddress() {
    return local.getAddress();
  }

  @Override
  public final int getLocalPort() {
    return local.getPort();
  }

  @Override
  public final SocketAddress getLocalSocketAddress() {
    return local;
  }
}
