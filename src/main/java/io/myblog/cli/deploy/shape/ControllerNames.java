package io.myblog.cli.deploy.shape;

/** The names under which the controller program runs in the cluster: what deploy, status and history look for. */
public final class ControllerNames {

    /** Its Deployment, and the container in it. */
    public static final String NAME = "myblog-controller";
    public static final String SERVICE_ACCOUNT = NAME;

    private ControllerNames() {
    }
}
