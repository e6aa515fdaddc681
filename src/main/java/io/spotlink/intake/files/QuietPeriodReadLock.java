package io.spotlink.intake.files;

import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.component.file.GenericFileExclusiveReadLockStrategy;
import org.apache.camel.component.file.GenericFileOperations;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lets a file be read only when it is complete. Without a marker: its size AND modification time were seen unchanged,
 * poll after poll, for the whole quiet period (measured on our clock, so an upload that keeps the original time, as
 * WinSCP or {@code rsync -t} do, still waits). With the marker: only once {@code <name>.done} exists, which is then
 * removed with the file. Never blocks a poll (a file not ready is simply skipped, so it does not delay the others)
 * and writes no {@code .camelLock} files, so a killed process leaves nothing behind. Works for local and SFTP files
 * alike: it only uses what the folder listing says.
 */
public class QuietPeriodReadLock<T> implements GenericFileExclusiveReadLockStrategy<T> {

    /** Forget files not seen for this long (deleted before they were complete). */
    private static final Duration FORGET_AFTER = Duration.ofHours(1);

    private record Seen(long length, long modified, long since, long lastSeen) {
    }

    private final Map<String, Seen> seen = new ConcurrentHashMap<>();
    private final Clock clock;
    private long minAgeMillis = 1000;
    private boolean doneMarker;

    public QuietPeriodReadLock() {
        this(Clock.systemUTC());
    }

    QuietPeriodReadLock(Clock clock) {
        this.clock = clock;
    }

    public void setMinAge(long minAgeMillis) {
        this.minAgeMillis = minAgeMillis;
    }

    public void setDoneMarker(boolean doneMarker) {
        this.doneMarker = doneMarker;
    }

    @Override
    public boolean acquireExclusiveReadLock(GenericFileOperations<T> operations, GenericFile<T> file,
                                            Exchange exchange) {
        if (doneMarker) {
            return operations.existsFile(markerOf(file));
        }
        long now = clock.millis();
        seen.values().removeIf(s -> now - s.lastSeen() > FORGET_AFTER.toMillis());
        Seen before = seen.get(file.getAbsoluteFilePath());
        long length = file.getFileLength();
        long modified = file.getLastModified();
        if (before == null || before.length() != length || before.modified() != modified) {
            seen.put(file.getAbsoluteFilePath(), new Seen(length, modified, now, now));
            return false;
        }
        seen.put(file.getAbsoluteFilePath(), new Seen(length, modified, before.since(), now));
        return now - before.since() >= minAgeMillis;
    }

    @Override
    public void releaseExclusiveReadLockOnCommit(GenericFileOperations<T> operations, GenericFile<T> file,
                                                 Exchange exchange) {
        release(operations, file);
    }

    @Override
    public void releaseExclusiveReadLockOnRollback(GenericFileOperations<T> operations, GenericFile<T> file,
                                                   Exchange exchange) {
        release(operations, file);
    }

    @Override
    public void releaseExclusiveReadLockOnAbort(GenericFileOperations<T> operations, GenericFile<T> file,
                                                Exchange exchange) {
        // Camel aborts after every refused lock: keep what was seen, or the quiet period would never start.
    }

    private void release(GenericFileOperations<T> operations, GenericFile<T> file) {
        seen.remove(file.getAbsoluteFilePath());
        if (doneMarker) {
            operations.deleteFile(markerOf(file));
        }
        // A lock file left by a killed older version (Camel's readLock=changed) goes with its file.
        String orphan = file.getAbsoluteFilePath() + ".camelLock";
        if (operations.existsFile(orphan)) {
            operations.deleteFile(orphan);
        }
    }

    private static String markerOf(GenericFile<?> file) {
        return file.getAbsoluteFilePath() + ".done";
    }

    @Override
    public void prepareOnStartup(GenericFileOperations<T> operations, GenericFileEndpoint<T> endpoint) {
        // no lock files to clean up: this strategy writes none
    }

    @Override
    public void setTimeout(long timeout) {
        // never waits, so no timeout
    }

    @Override
    public void setCheckInterval(long checkInterval) {
        // checked once per poll: the poll interval is the check interval
    }

    @Override
    public void setReadLockLoggingLevel(LoggingLevel level) {
        // logs nothing
    }

    @Override
    public void setMarkerFiler(boolean markerFile) {
        // writes no marker files
    }

    @Override
    public void setDeleteOrphanLockFiles(boolean deleteOrphanLockFiles) {
        // writes no lock files, so there are no orphans
    }
}
