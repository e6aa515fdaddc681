package io.spotlink.retention;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The folders of the file destinations (ORU files, spotlink.destination.<name>.directory of type file, or
 * spotlink.deliver.file.directory). Content only: each file is one delivered ORU, whose record stays in the delivery
 * ledger. A file is delivered once written; the EHR that reads the folder must take it within {@code content-days}.
 */
public class OutboxRetention implements RetainedStore {

    public static final String NAME = "outbox";

    private final FileFolders folders;

    public OutboxRetention(List<Path> directories, PruneArchive archive) {
        this.folders = new FileFolders(NAME, directories.stream().map(d -> new FileFolders.Folder(d, 1)).toList(),
                archive);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int pruneContent(Instant cutoff, int batch) throws Exception {
        return folders.prune("content", file -> true, cutoff, batch);
    }
}
