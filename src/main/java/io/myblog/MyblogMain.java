package io.myblog;

import io.myblog.cli.CommandFactory;
import io.myblog.cli.KubeconfigAccess;
import io.myblog.cli.MyblogCommand;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * One binary, two roles: without arguments the blog service (HTTP, datasource, Hibernate, Flyway, the database
 * monitor, the config watcher), with arguments a deploy tool that acts on a cluster and exits. The switch happens
 * before Quarkus starts, and the tool never starts it: a subcommand needs only picocli and the Kubernetes client, so
 * {@code --help} and a {@code status} that cannot reach the cluster answer in about a JVM start, not an application
 * start.
 */
@QuarkusMain
public class MyblogMain implements QuarkusApplication {

    public static void main(String... args) {
        if (args.length > 0) {
            System.exit(MyblogCommand.commandLine(new CommandFactory(new KubeconfigAccess())).execute(args));
        }
        Quarkus.run(MyblogMain.class, args);
    }

    /** Serves HTTP until the process is told to stop. */
    @Override
    public int run(String... args) {
        Quarkus.waitForExit();
        return 0;
    }
}
