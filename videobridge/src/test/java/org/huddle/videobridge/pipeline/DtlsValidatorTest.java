package org.huddle.videobridge.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

class DtlsValidatorTest {
  static byte[] record(int type, int major, int minor, int declaredLength, int bodyLength) {
    byte[] r = new byte[DtlsValidator.HEADER + bodyLength];
    r[0] = (byte) type;
    r[1] = (byte) major;
    r[2] = (byte) minor;
    r[4] = 1; // epoch 1
    r[10] = 7; // sequence number
    r[11] = (byte) (declaredLength >> 8);
    r[12] = (byte) declaredLength;
    for (int i = DtlsValidator.HEADER; i < r.length; i++) {
      r[i] = (byte) (i * 31);
    }
    return r;
  }

  static String check(byte[]... records) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x55); // an offset, to check it is honoured
    for (byte[] r : records) {
      out.writeBytes(r);
    }
    byte[] b = out.toByteArray();
    return DtlsValidator.check(b, 1, b.length - 1);
  }

  @Test
  void wellFormedRecordsPass() {
    assertThat(check(record(22, 0xfe, 0xff, 100, 100))).isNull(); // a DTLS 1.0 ClientHello record
    assertThat(check(record(23, 0xfe, 0xfd, 300, 300))).isNull();
    assertThat(check(record(20, 0xfe, 0xfd, 1, 1), record(22, 0xfe, 0xfd, 40, 40))).isNull();
    assertThat(check(record(21, 0xfe, 0xfd, 0, 0))).isNull();
  }

  @Test
  void aRecordThatIsNotDtlsIsMalformed() {
    assertThat(check(record(22, 0x03, 0x03, 50, 50))).isEqualTo("malformed"); // TLS, not DTLS
    assertThat(check(record(26, 0xfe, 0xfd, 50, 50))).isEqualTo("malformed"); // unknown type
    assertThat(check(record(0x2c, 0xfe, 0xfd, 50, 50))).isEqualTo("malformed"); // DTLS 1.3 header
    assertThat(check(record(22, 0xfe, 0xfd, 5, 5), record(19, 0xfe, 0xfd, 5, 5)))
        .isEqualTo("malformed");
  }

  @Test
  void lengthsThatDoNotAddUpAreTruncated() {
    assertThat(check(new byte[] {22})).isEqualTo("truncated");
    assertThat(check(java.util.Arrays.copyOf(record(22, 0xfe, 0xfd, 0, 0), 12)))
        .isEqualTo("truncated");
    assertThat(check(record(22, 0xfe, 0xfd, 101, 100))).isEqualTo("truncated");
    assertThat(check(record(22, 0xfe, 0xfd, 99, 100))).isEqualTo("truncated");
    assertThat(check(record(22, 0xfe, 0xfd, 0xffff, 100))).isEqualTo("truncated");
    assertThat(DtlsValidator.check(new byte[20], 5, 0)).isEqualTo("truncated");
  }
}
