package io.spotlink.retention;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

/**
 * The rejected-input store (spotlink.intake.rejected.directory, io.spotlink.intake.RejectedInputStore): refused
 * HTTP bodies and HL7 messages, one folder per channel. Content: the originals, bytes as received. Metadata: their
 * {@code .reason.json} (reference, channel, time, size, the problems named without quoting the input). A refusal
 * was answered to its sender at once (400, AE), so it is finished work; these copies let an operator look for
 * {@code content-days}.
 */
public class RejectedInputRetention implements RetainedStore {

    public static final String NAME = "rejected";
    private static final Predicate<Path> REASON = file -> file.getFileName().toString().endsWith(".reason.json");

    private final FileFolders folders;

    public RejectedInputRetention(Path directory, PruneArchive archive) {
        this.folders = new FileFolders(NAME, List.of(new FileFolders.Folder(directory, 2)), archive);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int pruneContent(Instant cutoff, int batch) throws Exception {
        return folders.prune("content", REASON.negate(), cutoff, batch);
    }

    @Override
    public int pruneMetadata(Instant cutoff, int batch) throws Exception {
        return folders.prune("metadata", REASON, cutoff, batch);
    }
}
