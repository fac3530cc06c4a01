package io.myblog.cli.deploy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** Reads the course's Secret env file ({@code KEY=value} per line, as {@code kubectl create secret --from-env-file}). */
public final class EnvFile {

    // Secret keys allowed by Kubernetes: https://kubernetes.io/docs/concepts/configuration/secret/#restriction-names-data
    private static final Pattern KEY = Pattern.compile("[-._a-zA-Z0-9]+");

    private EnvFile() {
    }

    /** The entries in file order; a bad line fails with file and line number, never with the line's value. */
    public static Map<String, String> read(Path file) {
        var text = InputFile.read(file, "secret env file");
        var entries = new LinkedHashMap<String, String>();
        var lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            var line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            var key = eq > 0 ? line.substring(0, eq).strip() : "";
            if (eq <= 0 || !KEY.matcher(key).matches()) {
                throw DeployFailure.badInput(file + ":" + (i + 1) + ": expected KEY=value with a key of letters, "
                        + "digits, '-', '_' or '.'");
            }
            entries.put(key, line.substring(eq + 1));
        }
        if (entries.isEmpty()) {
            throw DeployFailure.badInput(file + ": no KEY=value lines");
        }
        return entries;
    }
}
