package org.huddle.videobridge.ice;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/**
 * The few STUN facts the shared ports need before ice4j's stack sees a message: whether a datagram
 * is a well-formed STUN message, the USERNAME of a Binding request (to find its endpoint), and, for
 * address discovery, a Binding request and the XOR-MAPPED-ADDRESS of its response. RFC 5389
 * (https://www.rfc-editor.org/rfc/rfc5389): header §6, attributes §15, XOR-MAPPED-ADDRESS §15.2.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |0 0|     STUN Message Type     |         Message Length        |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                         Magic Cookie                          |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                     Transaction ID (96 bits)                  |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class StunMessages {
  public static final int HEADER = 20;
  public static final int MAGIC_COOKIE = 0x2112A442;
  public static final int BINDING_REQUEST = 0x0001;
  public static final int BINDING_SUCCESS = 0x0101;
  static final int MAPPED_ADDRESS = 0x0001;
  static final int USERNAME = 0x0006;
  static final int XOR_MAPPED_ADDRESS = 0x0020;

  private StunMessages() {}

  /**
   * A well-formed RFC 5389 message: the two top bits zero, the magic cookie, a length that is a
   * multiple of 4 and fills the datagram exactly, and attributes whose lengths (padded to 4) end
   * exactly there. Integrity is ice4j's to check.
   */
  public static boolean isWellFormed(byte[] b, int off, int len) {
    if (len < HEADER || (b[off] & 0xc0) != 0 || readInt(b, off + 4) != MAGIC_COOKIE) {
      return false;
    }
    int bodyLength = readShort(b, off + 2);
    if (bodyLength % 4 != 0 || bodyLength != len - HEADER) {
      return false;
    }
    int p = off + HEADER;
    int end = off + len;
    while (p < end) {
      if (end - p < 4) {
        return false;
      }
      int attrLength = readShort(b, p + 2);
      p += 4 + ((attrLength + 3) & ~3);
    }
    return p == end;
  }

  /** The message type of a well-formed message. */
  public static int type(byte[] b, int off) {
    return readShort(b, off);
  }

  /**
   * The local part of a Binding request's USERNAME ("local:remote", RFC 8445 §7.2.2), which names
   * the agent it is for; null when the message is not a well-formed Binding request with one.
   */
  public static String localUfrag(byte[] b, int off, int len) {
    if (!isWellFormed(b, off, len) || type(b, off) != BINDING_REQUEST) {
      return null;
    }
    int p = attribute(b, off, len, USERNAME);
    if (p < 0) {
      return null;
    }
    String username = new String(b, p + 4, readShort(b, p + 2), StandardCharsets.UTF_8);
    int colon = username.indexOf(':');
    return colon <= 0 ? null : username.substring(0, colon);
  }

  /** A Binding request with no attributes (RFC 5389 §7.1), for address discovery. */
  public static byte[] bindingRequest(byte[] transactionId) {
    byte[] m = new byte[HEADER];
    m[1] = BINDING_REQUEST;
    writeInt(m, 4, MAGIC_COOKIE);
    System.arraycopy(transactionId, 0, m, 8, 12);
    return m;
  }

  /** Whether a well-formed message has an attribute of this type. */
  static boolean hasAttribute(byte[] b, int off, int len, int type) {
    return attribute(b, off, len, type) >= 0;
  }

  /**
   * A Binding success response (RFC 5389 §7.3.1) to a request: its transaction id, and the
   * request's source as XOR-MAPPED-ADDRESS (§15.2), nothing else.
   */
  public static byte[] bindingSuccess(byte[] request, int off, InetSocketAddress source) {
    byte[] address = source.getAddress().getAddress();
    byte[] m = new byte[HEADER + 4 + 4 + address.length];
    m[0] = (byte) (BINDING_SUCCESS >>> 8);
    m[1] = (byte) BINDING_SUCCESS;
    m[3] = (byte) (m.length - HEADER);
    writeInt(m, 4, MAGIC_COOKIE);
    System.arraycopy(request, off + 8, m, 8, 12);
    m[HEADER + 1] = XOR_MAPPED_ADDRESS;
    m[HEADER + 3] = (byte) (4 + address.length);
    m[HEADER + 5] = (byte) (address.length == 4 ? 1 : 2);
    int port = source.getPort() ^ (MAGIC_COOKIE >>> 16);
    m[HEADER + 6] = (byte) (port >>> 8);
    m[HEADER + 7] = (byte) port;
    for (int i = 0; i < address.length; i++) {
      // XORed with the cookie, then (IPv6) the transaction id: header bytes 4-19.
      m[HEADER + 8 + i] = (byte) (address[i] ^ m[4 + i]);
    }
    return m;
  }

  /** Whether a well-formed message carries this 96-bit transaction id. */
  public static boolean hasTransactionId(byte[] b, int off, byte[] transactionId) {
    for (int i = 0; i < 12; i++) {
      if (b[off + 8 + i] != transactionId[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * The address a Binding success response reports: XOR-MAPPED-ADDRESS (§15.2), else the RFC 3489
   * MAPPED-ADDRESS (§15.1) that old servers send; null when it has neither.
   */
  public static InetSocketAddress mappedAddress(byte[] b, int off, int len) {
    if (!isWellFormed(b, off, len) || type(b, off) != BINDING_SUCCESS) {
      return null;
    }
    int p = attribute(b, off, len, XOR_MAPPED_ADDRESS);
    boolean xor = p >= 0;
    if (!xor) {
      p = attribute(b, off, len, MAPPED_ADDRESS);
    }
    if (p < 0 || readShort(b, p + 2) < 8) {
      return null;
    }
    int family = b[p + 5] & 0xff;
    int addressLength = family == 1 ? 4 : family == 2 ? 16 : -1;
    if (addressLength < 0 || readShort(b, p + 2) < 4 + addressLength) {
      return null;
    }
    int port = readShort(b, p + 6) ^ (xor ? MAGIC_COOKIE >>> 16 : 0);
    byte[] address = new byte[addressLength];
    for (int i = 0; i < addressLength; i++) {
      // The address is XORed with the cookie, then (IPv6) the transaction id: header bytes 4-19.
      address[i] = (byte) (b[p + 8 + i] ^ (xor ? b[off + 4 + i] : 0));
    }
    try {
      return new InetSocketAddress(InetAddress.getByAddress(address), port);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** The offset of an attribute's header in a well-formed message, or -1. */
  private static int attribute(byte[] b, int off, int len, int type) {
    int p = off + HEADER;
    int end = off + len;
    while (p + 4 <= end) {
      int attrLength = readShort(b, p + 2);
      if (readShort(b, p) == type) {
        return p + 4 + attrLength <= end ? p : -1;
      }
      p += 4 + ((attrLength + 3) & ~3);
    }
    return -1;
  }

  static int readShort(byte[] b, int p) {
    return ((b[p] & 0xff) << 8) | (b[p + 1] & 0xff);
  }

  static int readInt(byte[] b, int p) {
    return (readShort(b, p) << 16) | readShort(b, p + 2);
  }

  static void writeInt(byte[] b, int p, int v) {
    b[p] = (byte) (v >>> 24);
    b[p + 1] = (byte) (v >>> 16);
    b[p + 2] = (byte) (v >>> 8);
    b[p + 3] = (byte) v;
  }
}
