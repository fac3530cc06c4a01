package io.myblog.cli.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A file the user named on the command line; an unreadable one is bad input (exit 2), said with its path. */
final class InputFile {

    private InputFile() {
    }

    /** {@code what} names the file's role in the message, e.g. "secret env file". */
    static String read(Path file, String what) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw DeployFailure.badInput("cannot read " + what + " " + file + ": "
                    + (Files.exists(file) ? "not readable as UTF-8 text" : "no such file"));
        }
    }
}
