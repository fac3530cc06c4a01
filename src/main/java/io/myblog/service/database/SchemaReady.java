package io.myblog.service.database;

/** Fired on the monitor's thread each time the database answers with every migration applied, before readiness says so. */
public record SchemaReady() {
}
