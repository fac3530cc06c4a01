package io.myblog;

import io.myblog.cli.CommandFactory;
import io.myblog.cli.KubeconfigAccess;
import io.myblog.cli.MyblogCommand;
import io.myblog.service.database.MigrateProgram;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * One binary, four programs, chosen before Quarkus starts:
 * <ul>
 * <li>no arguments: the blog service (HTTP, datasource, Flyway, the database monitor); it never calls the
 * Kubernetes API;</li>
 * <li>{@code controller}: the in-cluster config watcher ({@code io.myblog.controller}), Quarkus with the
 * {@value #CONTROLLER_PROFILE} profile: no blog port, no database, only the watcher and its management port;</li>
 * <li>{@code migrate}: applies the schema migrations and exits ({@link MigrateProgram}), the program of the Job
 * {@code deploy} runs before a rollout; no port opens;</li>
 * <li>any other arguments: the deploy tool ({@code io.myblog.cli}), which acts on a cluster and exits without ever
 * starting Quarkus, so {@code --help} answers in about a JVM start.</li>
 * </ul>
 */
@QuarkusMain
public class MyblogMain implements QuarkusApplication {

    /** The subcommand that runs the controller program. */
    public static final String CONTROLLER = "controller";
    /** Its configuration profile ({@code %controller.} in application.properties), on top of the prod one. */
    public static final String CONTROLLER_PROFILE = "controller";

    public static void main(String... args) {
        if (args.length == 1 && CONTROLLER.equals(args[0])) {
            // A runtime profile: the same build serves both programs; only runtime properties differ (#23).
            System.setProperty("quarkus.profile", "prod," + CONTROLLER_PROFILE);
            Quarkus.run(MyblogMain.class);
            return;
        }
        if (args.length == 1 && MigrateProgram.NAME.equals(args[0])) {
            System.exit(MigrateProgram.run(MigrateProgram.configuration(), System.out, System.err));
        }
        if (args.length > 0) {
            System.exit(MyblogCommand.commandLine(new CommandFactory(new KubeconfigAccess())).execute(args));
        }
        Quarkus.run(MyblogMain.class, args);
    }

    /** Serves (or watches) until the process is told to stop. */
    @Override
    public int run(String... args) {
        Quarkus.waitForExit();
        return 0;
    }
}
