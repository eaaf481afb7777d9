package io.cpuidmask.cli;

import io.cpuidmask.run.Progress;
import java.io.PrintWriter;

/**
 * One self-overwriting status line on a terminal: hosts read, clusters checked, time left.
 * Only used when standard error is a terminal and --quiet is not given.
 */
final class TerminalProgress implements Progress {

    private final PrintWriter err;
    private volatile long checkStart = System.nanoTime();
    private volatile int hosts;
    private long lastPrint;

    TerminalProgress(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void hostsRead(int hosts, int clusters) {
        this.hosts = hosts;
        this.checkStart = System.nanoTime();
        print(String.format("read %,d hosts in %,d clusters", hosts, clusters));
    }

    @Override
    public synchronized void clustersChecked(int done, int total) {
        long now = System.nanoTime();
        if (now - lastPrint < 200_000_000L && done < total) {
            return; // at most five updates a second
        }
        lastPrint = now;
        double elapsed = (now - checkStart) / 1e9;
        long eta = done == 0 ? 0 : Math.round(elapsed / done * (total - done));
        print(String.format("read %,d hosts; checked %,d/%,d clusters, about %d s left", hosts, done, total, eta));
    }

    @Override
    public synchronized void finished() {
        err.print("\r\033[K");
        err.flush();
    }

    private synchronized void print(String line) {
        err.print("\r\033[K" + line);
        err.flush();
    }
}
