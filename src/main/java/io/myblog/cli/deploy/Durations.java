package io.myblog.cli.deploy;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/** Durations as people type them on a command line: 5m, 30s, 500ms, 1h, or ISO-8601 (PT5M). */
public final class Durations {

    private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h)");

    private Durations() {
    }

    public static Duration parse(String text) {
        var value = text.strip().toLowerCase(Locale.ROOT);
        var matcher = SHORT.matcher(value);
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            return switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        }
        try {
            return Duration.parse(text.strip().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (examples: 5m, 30s, 500ms)");
        }
    }

    public static String format(Duration duration) {
        if (duration.toMillis() % 1000 != 0) {
            return duration.toMillis() + "ms";
        }
        if (duration.toSeconds() % 60 != 0 || duration.isZero()) {
            return duration.toSeconds() + "s";
        }
        return duration.toMinutes() + "m";
    }
}
