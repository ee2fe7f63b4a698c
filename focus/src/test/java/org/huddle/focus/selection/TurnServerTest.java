package org.huddle.focus.selection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The allocation hook's {@code turn}: host:port, turn:/turns: URIs, or a list of them. */
class TurnServerTest {
  static List<TurnServer> read(String json, List<String> skipped) throws Exception {
    return TurnServer.fromJson(new ObjectMapper().readTree(json).path("turn"), skipped::add);
  }

  @Test
  void aBareHostAndPortIsTurnOverUdpAndTcp() throws Exception {
    assertThat(read("{\"turn\": \"turn.example.org:3478\"}", new ArrayList<>()))
        .containsExactly(
            new TurnServer("turn", "turn.example.org", 3478, "udp"),
            new TurnServer("turn", "turn.example.org", 3478, "tcp"));
  }

  @Test
  void urisKeepTheirSchemeTransportAndDefaultPort() throws Exception {
    assertThat(
            read(
                "{\"turn\": [\"turn:10.0.0.5?transport=tcp\", \"turns:turn.example.org\","
                    + " \"turn:[2001:db8::1]:3479\"]}",
                new ArrayList<>()))
        .containsExactly(
            new TurnServer("turn", "10.0.0.5", 3478, "tcp"),
            new TurnServer("turns", "turn.example.org", 5349, "tcp"),
            new TurnServer("turn", "[2001:db8::1]", 3479, "udp"));
  }

  @Test
  void whatDoesNotParseIsLeftOutAndSaidSo() throws Exception {
    List<String> skipped = new ArrayList<>();
    assertThat(
            read(
                "{\"turn\": [\"turns:x.org?transport=udp\", \"host:99999\", \"a b:1\", 7,"
                    + " \"ok.org:1\"]}",
                skipped))
        .containsExactly(
            new TurnServer("turn", "ok.org", 1, "udp"), new TurnServer("turn", "ok.org", 1, "tcp"));
    assertThat(skipped).hasSize(4);
    assertThat(read("{\"sfu\": \"jvb1\"}", skipped)).isEmpty();
    assertThat(read("{\"turn\": {\"host\": \"x\"}}", skipped)).isEmpty();
  }

  @Test
  void atMostEightAreTaken() throws Exception {
    StringBuilder many = new StringBuilder("{\"turn\": [");
    for (int i = 0; i < 20; i++) {
      many.append(i == 0 ? "" : ",").append("\"turn:t").append(i).append(".org\"");
    }
    assertThat(read(many.append("]}").toString(), new ArrayList<>())).hasSize(TurnServer.MAX);
  }
}
