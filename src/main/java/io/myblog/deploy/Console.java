package io.myblog.deploy;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Where the deploy path writes: one flushed line at a time (readable live in a terminal and in CI logs), with every
 * known Secret value masked as a last line of defence should one ever appear in an event message or a log line.
 */
public final class Console {

    private static final int SHORTEST_MASKED_VALUE = 4;

    private final PrintWriter out;
    private final PrintWriter err;
    private final List<String> secretValues = new ArrayList<>();

    public Console(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    /** Values to mask from now on; very short ones are skipped, masking them would garble ordinary words. */
    public void maskAll(Collection<String> values) {
        values.stream().filter(v -> v != null && v.length() >= SHORTEST_MASKED_VALUE).forEach(secretValues::add);
        secretValues.sort(Comparator.comparingInt(String::length).reversed());
    }

    public void line(String text) {
        out.println(mask(text));
        out.flush();
    }

    public void error(String text) {
        err.println(mask(text));
        err.flush();
    }

    String mask(String text) {
        var masked = text;
        for (var value : secretValues) {
            masked = masked.replace(value, DesiredState.REDACTED);
        }
        return masked;
    }
}
