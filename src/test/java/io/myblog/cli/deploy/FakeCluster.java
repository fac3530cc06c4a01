package io.myblog.cli.deploy;

import io.fabric8.kubernetes.client.KubernetesClient;

/** A mock API server with fake controllers playing the cluster, plus a client and the CLI pointed at it. */
final class FakeCluster implements AutoCloseable {

    final ApiServerMock api = new ApiServerMock();
    final FakeControllers controllers = new FakeControllers(api).start();
    final KubernetesClient client = api.newClient();
    final Cli cli = new Cli(api);

    @Override
    public void close() {
        controllers.close();
        client.close();
        api.close();
    }
}
