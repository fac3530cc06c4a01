package io.myblog.deploy.cli;

import io.myblog.deploy.DeployFailure;
import io.quarkus.picocli.runtime.annotations.TopCommand;
import io.quarkus.runtime.Quarkus;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code myblog [deploy|status|rollback|restart|undeploy]}; no subcommand serves the blog. */
@TopCommand
@Command(name = "myblog", mixinStandardHelpOptions = true, versionProvider = MyblogVersion.class,
        description = "The blog service; with a subcommand, deploys and operates itself on Kubernetes.",
        subcommands = {DeployCommand.class, StatusCommand.class, RollbackCommand.class, RestartCommand.class,
                UndeployCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:rollout failed (the message says whether it was rolled back)",
                "2:bad usage or bad input (manifests, env file)",
                "3:cluster unreachable, unauthorized or forbidden"})
public class MyblogCommand implements Runnable {

    /** Serves HTTP until the process is told to stop. */
    @Override
    public void run() {
        Quarkus.waitForExit();
    }

    /** The command line with the deploy path's exit codes: failures print one sentence, never a stack trace. */
    public static CommandLine commandLine(CommandLine.IFactory factory) {
        var commandLine = new CommandLine(MyblogCommand.class, factory);
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            if (e instanceof DeployFailure failure) {
                cmd.getErr().println(failure.getMessage());
                cmd.getErr().flush();
                return failure.exitCode();
            }
            cmd.getErr().println("myblog " + cmd.getCommandName() + " failed unexpectedly: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            cmd.getErr().flush();
            return DeployFailure.ROLLOUT_FAILED;
        });
        return commandLine;
    }
}
