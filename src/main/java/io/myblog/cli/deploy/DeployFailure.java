package io.myblog.cli.deploy;

/** A deploy-path failure that already carries the sentence to print and the process exit code it maps to. */
public class DeployFailure extends RuntimeException {

    public static final int ROLLOUT_FAILED = 1;
    public static final int BAD_INPUT = 2;
    public static final int CLUSTER_REFUSED = 3;

    private final int exitCode;

    public DeployFailure(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    public static DeployFailure badInput(String message) {
        return new DeployFailure(BAD_INPUT, message);
    }

    public static DeployFailure cluster(String message) {
        return new DeployFailure(CLUSTER_REFUSED, message);
    }

    public static DeployFailure rollout(String message) {
        return new DeployFailure(ROLLOUT_FAILED, message);
    }

    public int exitCode() {
        return exitCode;
    }
}
