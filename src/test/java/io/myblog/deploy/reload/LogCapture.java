package io.myblog.deploy.reload;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;

/** Collects what one logger writes, formatted, for the duration of a test. */
final class LogCapture extends Handler implements AutoCloseable {

    record Line(Level level, String message) {
    }

    private final Logger logger;
    private final List<Line> lines = new CopyOnWriteArrayList<>();

    LogCapture(Class<?> source) {
        logger = Logger.getLogger(source.getName());
        logger.addHandler(this);
    }

    /** ERROR in JBoss logging has the value of SEVERE, WARN that of WARNING. */
    List<Line> at(Level level) {
        return lines.stream().filter(line -> line.level().intValue() == level.intValue()).toList();
    }

    List<Line> all() {
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
