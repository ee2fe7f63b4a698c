package org.huddle.launcher;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class LogSetupTest {
  @Test
  void logsOneLinePerEventOnStderrWithNettyAndJettyAtWarnAndJulInStep() {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream saved = System.err;
    System.setErr(new PrintStream(err, true, UTF_8));
    try {
      LogSetup setup = new LogSetup();
      setup.setContext(context);
      assertThat(setup.configure(context)).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
      context.getLogger("org.huddle.x.Thing").info("hello {}", "there");
      context.getLogger("org.huddle.x.Thing").debug("not at INFO");
      context.getLogger("io.netty.channel.Foo").info("netty chatter");
      context.getLogger("org.eclipse.jetty.server.Bar").warn("jetty warning");
    } finally {
      System.setErr(saved);
      context.stop();
    }
    String out = err.toString(UTF_8);
    // Only this context's lines: the JVM's own logging may print on stderr meanwhile.
    assertThat(out.lines().filter(l -> l.contains("Thing") || l.contains("Bar")).toList())
        .hasSize(2)
        .satisfiesExactly(
            line ->
                assertThat(line)
                    .matches(
                        "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  \\[.+\\]"
                            + " org\\.huddle\\.x\\.Thing - hello there"),
            line ->
                assertThat(line)
                    .contains("WARN ")
                    .endsWith("o.e.jetty.server.Bar - jetty warning"));
    assertThat(java.util.logging.Logger.getLogger("io.netty").getLevel())
        .as("JUL follows logback's levels (LevelChangePropagator)")
        .isEqualTo(java.util.logging.Level.WARNING);
  }

  @Test
  void stepsAsideForAnOperatorsOwnFile() {
    LoggerContext context = new LoggerContext();
    LogSetup setup = new LogSetup();
    setup.setContext(context);
    System.setProperty("logback.configurationFile", "/nonexistent/logback.xml");
    try {
      assertThat(setup.configure(context)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
      assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext())
          .isFalse();
    } finally {
      System.clearProperty("logback.configurationFile");
    }
  }

  @Test
  void readsLogLevelAsDockerJitsiMeetWritesIt() {
    assertThat(LogSetup.level(null)).isEqualTo(Level.INFO);
    assertThat(LogSetup.level(" ")).isEqualTo(Level.INFO);
    assertThat(LogSetup.level("debug")).isEqualTo(Level.DEBUG);
    assertThat(LogSetup.level("WARNING")).isEqualTo(Level.WARN);
    assertThat(LogSetup.level("error")).isEqualTo(Level.ERROR);
    assertThat(LogSetup.level("loud")).isNull();
  }
}
