package org.huddle.videobridge.dtls;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.bouncycastle.tls.DatagramTransport;

/**
 * The transport BouncyCastle's DTLS runs over: records arrive from the ICE demux through a bounded
 * queue (overflow is dropped, as a lossy network would), and go out through a callback.
 */
final class DatagramQueue implements DatagramTransport {
  static final int MTU = 1200;

  private final BlockingQueue<byte[]> incoming = new ArrayBlockingQueue<>(64);
  private final Consumer<byte[]> sender;
  private volatile boolean closed;

  DatagramQueue(Consumer<byte[]> sender) {
    this.sender = sender;
  }

  /** Queues a received record; false when the queue is full or closed. */
  boolean offer(byte[] record) {
    return !closed && incoming.offer(record);
  }

  @Override
  public int getReceiveLimit() {
    return 1500;
  }

  @Override
  public int getSendLimit() {
    return MTU;
  }

  @Override
  public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
    if (closed) {
      throw new IOException("closed");
    }
    try {
      byte[] r = incoming.poll(waitMillis, TimeUnit.MILLISECONDS);
      if (r == null) {
        return -1;
      }
      int n = Math.min(len, r.length);
      System.arraycopy(r, 0, buf, off, n);
      return n;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  @Override
  public void send(byte[] buf, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("closed");
    }
    byte[] copy = new byte[len];
    System.arraycopy(buf, off, copy, 0, len);
    sender.accept(copy);
  }

  @Override
  public void close() {
    closed = true;
  }
}
