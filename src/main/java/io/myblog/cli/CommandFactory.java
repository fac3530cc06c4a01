package io.myblog.cli;

import io.myblog.MyblogMain;
import io.quarkus.runtime.annotations.RegisterForReflection;
import picocli.CommandLine;

/**
 * Creates the subcommands with the cluster access they use and everything else (options, mixins, converters) as
 * picocli does. Plain Java, no CDI: the command line runs without starting Quarkus (see {@link MyblogMain}).
 */
@RegisterForReflection(targets = {DeployCommand.class, StatusCommand.class, RollbackCommand.class,
        RestartCommand.class, UndeployCommand.class, HistoryCommand.class, LogsCommand.class, DiffCommand.class,
        RenderCommand.class, RestoreCommand.class})
public final class CommandFactory implements CommandLine.IFactory {

    private final ClusterAccess access;

    public CommandFactory(ClusterAccess access) {
        this.access = access;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        if (ClusterCommand.class.isAssignableFrom(type)) {
            return type.getConstructor(ClusterAccess.class).newInstance(access);
        }
        return CommandLine.defaultFactory().create(type);
    }
}
