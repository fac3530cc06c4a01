package io.myblog.deploy.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import picocli.CommandLine;

/**
 * One binary, two roles: without arguments the blog service (HTTP, database monitor), with a subcommand a deploy tool
 * that acts on a cluster and exits. The switch happens before Quarkus starts, so a subcommand never binds the HTTP
 * port nor asks for MYSQL_HOST.
 */
@QuarkusMain
public class MyblogMain implements QuarkusApplication {

    private final CommandLine.IFactory factory;

    @Inject
    public MyblogMain(CommandLine.IFactory factory) {
        this.factory = factory;
    }

    public static void main(String... args) {
        if (args.length > 0) {
            System.setProperty("quarkus.http.host-enabled", "false");
            System.setProperty("myblog.database.monitor.enabled", "false");
            // A one-shot command must not join the config watchers, even when it runs inside a pod.
            System.setProperty("myblog.reload.enabled", "false");
            System.setProperty("quarkus.banner.enabled", "false");
            // Hibernate would otherwise try MySQL at boot for metadata, which a deploying laptop does not have.
            System.setProperty("quarkus.hibernate-orm.database.start-offline", "true");
            // The tool speaks through its own output; framework INFO lines would only bury it.
            System.setProperty("quarkus.log.level", "WARN");
        }
        Quarkus.run(MyblogMain.class, args);
    }

    @Override
    public int run(String... args) {
        if (args.length == 0) {
            Quarkus.waitForExit();
            return 0;
        }
        return MyblogCommand.commandLine(factory).execute(args);
    }
}
