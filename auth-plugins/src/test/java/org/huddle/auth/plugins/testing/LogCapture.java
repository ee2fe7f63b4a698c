package org.huddle.auth.plugins.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Everything logged while it is open, at every level, as formatted lines. */
public final class LogCapture implements AutoCloseable {
  private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Level was;

  public LogCapture(Level level) {
    appender.start();
    was = root.getLevel();
    root.setLevel(level);
    root.addAppender(appender);
  }

  public LogCapture() {
    this(Level.INFO);
  }

  /** Each event as "LEVEL logger message", with any exception's message. */
  public List<String> lines() {
    synchronized (appender.list) {
      return appender.list.stream()
          .map(
              e ->
                  e.getLevel()
                      + " "
                      + e.getLoggerName()
                      + " "
                      + e.getFormattedMessage()
                      + (e.getThrowableProxy() == null
                          ? ""
                          : " " + e.getThrowableProxy().getMessage()))
          .toList();
    }
  }

  /** The lines that contain this text. */
  public List<String> containing(String text) {
    return lines().stream().filter(l -> l.contains(text)).toList();
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    root.setLevel(was);
    appender.stop();
  }
}
