package io.myblog.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;

/** Collects what one logger (or every logger) writes, formatted, for the duration of a test. */
public final class LogCapture extends Handler implements AutoCloseable {

    public record Line(Level level, String message) {
    }

    private final Logger logger;
    private final List<Line> lines = new CopyOnWriteArrayList<>();

    public LogCapture(Class<?> source) {
        this(source.getName());
    }

    private LogCapture(String name) {
        logger = Logger.getLogger(name);
        logger.addHandler(this);
    }

    /** Everything any logger writes. */
    public static LogCapture everything() {
        return new LogCapture("");
    }

    /** ERROR in JBoss logging has the value of SEVERE, WARN that of WARNING. */
    public List<Line> at(Level level) {
        return lines.stream().filter(line -> line.level().intValue() == level.intValue()).toList();
    }

    public List<Line> all() {
        return List.copyOf(lines);
    }

    @Override
    public void publish(LogRecord record) {
        var message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
        lines.add(new Line(record.getLevel(), message));
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
