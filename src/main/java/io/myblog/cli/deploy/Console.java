package io.myblog.cli.deploy;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where the deploy path writes: one flushed line at a time (readable live in a terminal and in CI logs), with every
 * known Secret value masked as a last line of defence should one ever appear in an event message or a log line.
 */
public final class Console {

    private static final int SHORTEST_MASKED_VALUE = 4;
    private static final Pattern CREDENTIAL_KEY = Pattern.compile("(?i)pass|pwd|secret|token|key|credential|auth");

    private final PrintWriter out;
    private final PrintWriter err;
    private final List<String> secretValues = new ArrayList<>();

    public Console(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    /**
     * Masks from now on the values of credential-like keys (a user name such as "myblog" is also the app's name and
     * masking it would garble every line); very short values are skipped for the same reason.
     */
    public void maskSecrets(Map<String, String> entries) {
        entries.forEach((key, value) -> {
            if (CREDENTIAL_KEY.matcher(key).find() && value != null && value.length() >= SHORTEST_MASKED_VALUE) {
                secretValues.add(value);
            }
        });
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
