package io.myblog.controller;

import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The one thread the watcher decides and records on, so the debounce timer, the last problem and the recorded state
 * need no locks; once closed, it runs nothing more.
 */
final class ReloadThread implements AutoCloseable {

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        var thread = new Thread(runnable, "myblog-config-reload");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean closed;

    boolean closed() {
        return closed;
    }

    /** Runs {@code task} on this thread, or not at all once the watcher is closing. */
    void execute(Runnable task) {
        if (closed) {
            return;
        }
        try {
            executor.execute(task);
        } catch (RejectedExecutionException closing) {
            // close() won the race: nothing left to do
        }
    }

    /** Runs {@code task} on this thread after {@code delayMillis}; called from this thread. */
    ScheduledFuture<?> schedule(Runnable task, long delayMillis) {
        return executor.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        closed = true;
        executor.shutdownNow();
    }
}
