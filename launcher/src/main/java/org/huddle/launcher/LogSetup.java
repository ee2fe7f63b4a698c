package org.huddle.launcher;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Locale;
import org.slf4j.Logger;

/**
 * The log setup of every role, made in code: one line per event on stderr, at the level {@code
 * LOG_LEVEL} names (docker-jitsi-meet's variable; default INFO), Netty and Jetty at WARN, and
 * java.util.logging's levels kept in step so that disabled JUL records cost nothing.
 *
 * <p>Logback would read the same from a {@code logback.xml}, but its XML configurator loads some
 * 400 classes (its model and a SAX parser) into every JVM, about 3 MB of class metadata and 50 ms
 * of start-up (docs/BENCHMARKS.md, "Start-up and memory, third pass"). An operator's own file still
 * works: with {@code -Dlogback.configurationFile=FILE} this steps aside and logback reads FILE.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class LogSetup extends ContextAwareBase implements Configurator {
  /** The pattern of each line: time, level, thread, logger, message. */
  static final String PATTERN =
      "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{20} - %msg%n";

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    LevelChangePropagator jul = new LevelChangePropagator();
    jul.setContext(context);
    jul.setResetJUL(true);
    context.addListener(jul);

    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("STDERR");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();

    String wanted = System.getenv("LOG_LEVEL");
    Level level = level(wanted);
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(level == null ? Level.INFO : level);
    root.addAppender(stderr);
    context.getLogger("io.netty").setLevel(Level.WARN);
    context.getLogger("org.eclipse.jetty").setLevel(Level.WARN);
    if (level == null) {
      context
          .getLogger(LogSetup.class)
          .warn(
              "LOG_LEVEL={} is not a log level (TRACE, DEBUG, INFO, WARN, ERROR, OFF); logging at INFO",
              wanted);
    }
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /**
   * The level {@code LOG_LEVEL} names (TRACE, DEBUG, INFO, WARN, ERROR, OFF, any case; WARNING as
   * WARN), INFO when it is unset, and null when it names none.
   */
  static Level level(String value) {
    if (value == null || value.isBlank()) {
      return Level.INFO;
    }
    String name = value.trim().toUpperCase(Locale.ROOT);
    if (name.equals("WARNING")) {
      return Level.WARN;
    }
    return Level.toLevel(name, null);
  }
}
