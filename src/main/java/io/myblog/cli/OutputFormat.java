package io.myblog.cli;

import picocli.CommandLine.Option;

/** {@code -o text|json}, as kubectl spells it, for the commands that report rather than act. */
public class OutputFormat {

    enum Format { text, json }

    @Option(names = {"-o", "--output"}, defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
    Format format;

    boolean json() {
        return format == Format.json;
    }
}
