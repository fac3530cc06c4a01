package io.myblog.support;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.formatters.PatternFormatter;

/** Collects what one logger (or, with {@link #everything()}, every logger) writes, formatted, during a test. */
public final class LogCapture extends Handler implements AutoCloseable {

    /** One record: its level, its message, the line as a log file shows it (message and stack trace), its MDC. */
    public record Line(Level level, String message, String formatted, Map<String, String> mdc) {
    }

    private static final PatternFormatter FORMAT = new PatternFormatter("%-5p [%c] %s%e%n");

    private final Logger logger;
    private final List<Line> lines = new CopyOnWriteArrayList<>();

    public LogCapture(Class<?> source) {
        this(source.getName());
    }

    private LogCapture(String category) {
        logger = Logger.getLogger(category);
        logger.addHandler(this);
    }

    /** The root logger: every category. */
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
        var ext = ExtLogRecord.wrap(record);
        lines.add(new Line(record.getLevel(), ext.getFormattedMessage(), FORMAT.format(ext), Map.copyOf(ext.getMdcCopy())));
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
