package io.myblog.cli;

import io.myblog.MyblogMain;
import io.myblog.cli.deploy.DeployFailure;
import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code myblog [deploy|status|rollback|restart|undeploy|history|logs|diff|render]}; without arguments the blog is served. */
@TopCommand
@Command(name = "myblog", mixinStandardHelpOptions = true, versionProvider = MyblogVersion.class,
        description = {"The blog service; with a subcommand, deploys and operates itself on Kubernetes.",
                "`myblog migrate` applies the schema migrations and exits (the Job deploy runs before a rollout)."},
        subcommands = {DeployCommand.class, StatusCommand.class, RollbackCommand.class, RestartCommand.class,
                UndeployCommand.class, HistoryCommand.class, LogsCommand.class, DiffCommand.class,
                RenderCommand.class, RestoreCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:rollout failed (the message says whether it was rolled back); diff: something would change",
                "2:bad usage or bad input (manifests, env file)",
                "3:cluster unreachable, unauthorized or forbidden"})
public class MyblogCommand implements Runnable {

    @Spec
    CommandSpec spec;

    /** Options without a subcommand: the blog is served only without any argument (see {@link MyblogMain}). */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
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
