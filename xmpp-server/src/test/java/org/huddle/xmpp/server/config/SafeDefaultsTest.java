package org.huddle.xmpp.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.huddle.common.config.Settings.Env;
import org.junit.jupiter.api.Test;

/** What is exposed and how, with no settings, and the settings that change it (issue 13). */
class SafeDefaultsTest {
  static XmppConfig load(Map<String, String> env) throws Exception {
    return XmppConfigLoader.load(Optional.empty(), Env.of(env));
  }

  @Test
  void theComponentPortListensOnLoopbackAndClientsEverywhere() throws Exception {
    XmppConfig c = load(Map.of());
    assertThat(c.component().address()).isEqualTo("127.0.0.1");
    assertThat(c.c2s().address()).isEqualTo("0.0.0.0");
    assertThat(c.http().address()).isEqualTo("0.0.0.0");
  }

  @Test
  void aWildcardBindAddressLeavesTheComponentPortOnLoopback() throws Exception {
    for (String wildcard : new String[] {"0.0.0.0", "::", "*"}) {
      assertThat(load(Map.of("HUDDLE_BIND_ADDRESS", wildcard)).component().address())
          .as(wildcard)
          .isEqualTo("127.0.0.1");
    }
    assertThat(load(Map.of("HUDDLE_BIND_ADDRESS", "10.1.2.3")).component().address())
        .isEqualTo("10.1.2.3");
  }

  @Test
  void xmppComponentInterfacesOpensIt() throws Exception {
    assertThat(
            load(Map.of("HUDDLE_BIND_ADDRESS", "0.0.0.0", "XMPP_COMPONENT_INTERFACES", "0.0.0.0"))
                .component()
                .address())
        .isEqualTo("0.0.0.0");
  }

  @Test
  void c2sRequiresEncryptionUnlessDockerJitsiMeetsVariableSaysNo() throws Exception {
    assertThat(load(Map.of()).security().requireEncryption()).isTrue();
    assertThat(load(Map.of("PROSODY_C2S_REQUIRE_ENCRYPTION", "0")).security().requireEncryption())
        .isFalse();
  }

  @Test
  void onlyLoopbackIsATrustedProxyUnlessTold() throws Exception {
    assertThat(load(Map.of()).global().list("trusted_proxies"))
        .containsExactly("127.0.0.1/8", "::1");
    assertThat(
            load(Map.of("PROSODY_TRUSTED_PROXIES", "172.16.0.0/12, fd00::/8"))
                .global()
                .list("trusted_proxies"))
        .containsExactly("172.16.0.0/12", "fd00::/8");
  }
}
