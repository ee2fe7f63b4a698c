package org.huddle.videobridge.ice;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Component;
import org.ice4j.util.Buffer;

/**
 * One ICE-TCP connection (RFC 6544) carrying STUN, DTLS, RTP and RTCP as RFC 4571 frames: each
 * packet preceded by its length in 16 bits (https://www.rfc-editor.org/rfc/rfc4571#section-2). To
 * ice4j it is the socket of one candidate pair: its STUN stack reads the STUN frames from it and
 * sends through it. Everything else goes to the component, like a datagram on the UDP port.
 *
 * <p>Writes go through a bounded queue and a thread of their own, so a receiver whose TCP window is
 * closed costs dropped packets ("{port}.dropped.send-queue-full"), never a blocked pipeline.
 */
public final class FramedConnection extends QueuedStunSocket {
  public static final int MAX_FRAME = 0xffff;
  private static final int SEND_QUEUE = 512;

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private final BlockingQueue<byte[]> sendQueue = new ArrayBlockingQueue<>(SEND_QUEUE);
  private final Counters counters;
  private final String port;

  /**
   * @param socket a connected socket
   * @param local the local candidate's address, which ice4j knows this pair by
   * @param counters where frames in and drops are counted
   * @param port the counters' prefix ("tcp-port")
   */
  public FramedConnection(Socket socket, TransportAddress local, Counters counters, String port)
      throws IOException {
    super(local, (InetSocketAddress) socket.getRemoteSocketAddress());
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = new BufferedOutputStream(socket.getOutputStream(), 8192);
    this.counters = counters;
    this.port = port;
    socket.setTcpNoDelay(true);
    Thread.ofVirtual().name("ice-tcp-write-" + remote()).start(this::writeLoop);
  }

  /** The next frame, or null when the peer closed the connection. */
  public byte[] readFrame() throws IOException {
    int length;
    try {
      length = in.readUnsignedShort();
    } catch (EOFException e) {
      return null;
    }
    byte[] frame = new byte[length];
    in.readFully(frame);
    counters.add(port + ".in", 1);
    return frame;
  }

  /**
   * Reads frames until the connection ends: well-formed STUN to ice4j's stack, the rest to the
   * component's push callback. The caller takes the connection off the STUN stack, then closes it
   * (in that order ice4j's connector ends quietly).
   */
  public void readLoop(Component component) {
    try {
      byte[] f;
      while ((f = readFrame()) != null) {
        if (StunMessages.isWellFormed(f, 0, f.length)) {
          if (!offerStun(f, 0, f.length)) {
            counters.dropped(port, "stun-queue-full");
          }
        } else {
          Buffer b = new Buffer(f, 0, f.length);
          b.setRemoteAddress(remote());
          b.setLocalAddress(getLocalSocketAddress());
          component.handleBuffer(b);
        }
      }
    } catch (IOException e) {
      // the connection ended; ICE consent decides what that means for the endpoint
    }
  }

  @Override
  public void send(DatagramPacket p) throws IOException {
    int len = p.getLength();
    if (isClosed()) {
      throw new IOException("ICE-TCP connection to " + remote() + " is closed");
    }
    if (len > MAX_FRAME) {
      throw new IOException("a " + len + "-byte packet does not fit an RFC 4571 frame");
    }
    byte[] frame = new byte[2 + len];
    frame[0] = (byte) (len >>> 8);
    frame[1] = (byte) len;
    System.arraycopy(p.getData(), p.getOffset(), frame, 2, len);
    if (!sendQueue.offer(frame)) {
      counters.dropped(port, "send-queue-full");
    }
  }

  private void writeLoop() {
    try {
      while (!isClosed()) {
        byte[] frame = sendQueue.take();
        if (frame.length == 0) {
          break;
        }
        out.write(frame);
        if (sendQueue.isEmpty()) {
          out.flush();
        }
      }
    } catch (IOException | InterruptedException e) {
      close();
    }
  }

  @Override
  public void close() {
    if (isClosed()) {
      return;
    }
    super.close();
    sendQueue.clear();
    sendQueue.offer(new byte[0]);
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  @Override
  public Socket getTCPSocket() {
    return socket;
  }

  /** Null: ice4j takes a wrapper without a datagram socket for TCP. */
  @Override
  public DatagramSocket getUDPSocket() {
    return null;
  }
}
