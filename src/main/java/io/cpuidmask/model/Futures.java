package io.cpuidmask.model;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;

/**
 * Work done on another thread as if it had been done on this one: its threads never keep the JVM
 * running, and what the work throws is thrown where its result is awaited, not wrapped.
 */
public final class Futures {

    private Futures() {
    }

    /** Threads of this name that do not keep the JVM from exiting. */
    public static ThreadFactory daemon(String name) {
        return task -> {
            Thread t = new Thread(task, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** The result; an exception or error thrown by the work is thrown here as it was, not wrapped. */
    public static <T> T join(CompletableFuture<T> work) {
        try {
            return work.join();
        } catch (CompletionException e) {
            RuntimeException thrown = thrownBy(e.getCause());
            throw thrown != null ? thrown : e;
        }
    }

    /** As {@link #join(CompletableFuture)}, for a task of an executor (an interrupt ends the wait). */
    public static <T> T get(Future<T> work) {
        try {
            return work.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for work on another thread", e);
        } catch (ExecutionException e) {
            RuntimeException thrown = thrownBy(e.getCause());
            throw thrown != null ? thrown : new IllegalStateException(e.getCause());
        }
    }

    /** The work's own unchecked exception (an error is thrown at once), or null for a checked one. */
    private static RuntimeException thrownBy(Throwable cause) {
        if (cause instanceof Error err) {
            throw err;
        }
        return cause instanceof RuntimeException r ? r : null;
    }
}
