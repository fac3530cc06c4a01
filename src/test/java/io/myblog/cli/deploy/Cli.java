package io.myblog.cli.deploy;

import io.myblog.cli.ClusterAccess;
import io.myblog.cli.CommandFactory;
import io.myblog.cli.MyblogCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Runs {@code myblog <subcommand>} as the binary would, against a given API server, capturing its output. */
final class Cli {

    /** What one run printed and returned. */
    record Run(int exitCode, String out, String err, Duration took) {

        String all() {
            return out + err;
        }
    }

    static final String FIXTURES = "src/test/resources/deploy/";
    static final String MANIFESTS = FIXTURES + "kubernetes.yml";
    static final String SECRET_ENV = FIXTURES + "secret.env";
    static final String SECRET_VALUE = "s3cr3t-Pa55word";

    private final ClusterAccess access;

    Cli(ApiServerMock api) {
        this.access = options -> api.newClient();
    }

    Cli(ClusterAccess access) {
        this.access = access;
    }

    Run run(String... args) {
        var factory = new CommandFactory(access);
        var out = new StringWriter();
        var err = new StringWriter();
        var commandLine = MyblogCommand.commandLine(factory);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        var withFastPolling = new ArrayList<>(List.of(args));
        withFastPolling.add("--poll-interval=20ms");
        var start = Instant.now();
        int exitCode = commandLine.execute(withFastPolling.toArray(String[]::new));
        return new Run(exitCode, out.toString(), err.toString(), Duration.between(start, Instant.now()));
    }

    /** {@code deploy} of the fixture manifests with the fixture Secret, plus {@code extra} options. */
    Run deploy(String... extra) {
        var args = new ArrayList<>(List.of("deploy", "--manifests", MANIFESTS, "--secret-env-file", SECRET_ENV));
        args.addAll(List.of(extra));
        if (!args.contains("--timeout")) {
            // A success never waits for it; generous, so a loaded build machine's first class loading does not count.
            args.addAll(List.of("--timeout", "60s"));
        }
        return run(args.toArray(String[]::new));
    }
}
