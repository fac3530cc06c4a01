package io.myblog.service.problem;

import io.myblog.support.MariaDbServer;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Test code only (Quarkus serves test classes' resources in @QuarkusTest): a bug on demand, for what a 500 looks like.
 * Its message carries the database password, which must reach neither the response nor the log.
 */
@Path("/test-only/failure")
public class FailingResource {

    static final String MESSAGE = "forced failure; the password is " + MariaDbServer.PASSWORD;

    @GET
    @Operation(hidden = true)
    public String fail() {
        throw new IllegalStateException(MESSAGE);
    }
}
