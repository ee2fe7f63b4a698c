package org.huddle.launcher.doctor;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;
import org.huddle.videobridge.ice.StunMessages;

/**
 * A plain Binding request (RFC 5389 §7.1) to the bridge's media port, which answers it from anyone
 * ({@code ice.PlainBindings}): over UDP, and over TCP in RFC 4571 frames as ICE-TCP carries it. The
 * answer proves the address leads to the bridge's port.
 */
final class StunEcho {
  private static final SecureRandom RANDOM = new SecureRandom();

  private StunEcho() {}

  /** Null when a Binding success came back, else what happened. */
  static String udp(InetSocketAddress to, Duration timeout) {
    byte[] tid = transactionId();
    byte[] request = StunMessages.bindingRequest(tid);
    try (DatagramSocket s = new DatagramSocket()) {
      int tries = 3;
      s.setSoTimeout((int) Math.max(100, timeout.toMillis() / tries));
      byte[] buf = new byte[1500];
      for (int i = 0; i < tries; i++) {
        s.send(new DatagramPacket(request, request.length, to));
        try {
          while (true) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            s.receive(p);
            if (answers(p.getData(), p.getLength(), tid)) {
              return null;
            }
          }
        } catch (SocketTimeoutException e) {
          // retransmit, as RFC 5389 §7.2.1 does
        }
      }
      return "no answer within " + timeout.toSeconds() + " s";
    } catch (IOException e) {
      return e.toString();
    }
  }

  static String tcp(InetSocketAddress to, Duration timeout) {
    byte[] tid = transactionId();
    byte[] request = StunMessages.bindingRequest(tid);
    try (Socket s = new Socket()) {
      s.connect(to, (int) timeout.toMillis());
      s.setSoTimeout((int) timeout.toMillis());
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      out.writeShort(request.length);
      out.write(request);
      out.flush();
      DataInputStream in = new DataInputStream(s.getInputStream());
      byte[] frame = new byte[in.readUnsignedShort()];
      in.readFully(frame);
      return answers(frame, frame.length, tid) ? null : "the answer was not a Binding success";
    } catch (SocketTimeoutException e) {
      return "no answer within " + timeout.toSeconds() + " s";
    } catch (IOException e) {
      return e.toString();
    }
  }

  private static boolean answers(byte[] b, int len, byte[] tid) {
    return StunMessages.mappedAddress(b, 0, len) != null
        && StunMessages.hasTransactionId(b, 0, tid);
  }

  static byte[] transactionId() {
    byte[] tid = new byte[12];
    RANDOM.nextBytes(tid);
    return tid;
  }
}
