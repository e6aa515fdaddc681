package io.spotlink.retention;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Old files under a few folders, removed a batch at a time after they are archived. A file's age counts from when
 * it was last written or moved (the later of its modification and status-change times): a file dropped with an old
 * modification time (rsync -t) and moved to .done today is a day old, not a year.
 */
final class FileFolders {

    /**
     * A folder, how deep under it files are looked for (1: its own files only), and what the archive names its files
     * relative to.
     */
    record Folder(Path root, int depth, Path base) {
        Folder(Path root, int depth) {
            this(root, depth, root);
        }
    }

    private final String store;
    private final List<Folder> folders;
    private final PruneArchive archive;

    FileFolders(String store, List<Folder> folders, PruneArchive archive) {
        this.store = store;
        this.folders = List.copyOf(folders);
        this.archive = archive;
    }

    /** Archives, then deletes, at most {@code batch} files matching {@code which} last touched before the cutoff. */
    int prune(String kind, Predicate<Path> which, Instant cutoff, int batch) throws IOException {
        int removed = 0;
        for (Folder folder : folders) {
            if (removed >= batch || !Files.isDirectory(folder.root())) {
                continue;
            }
            List<Path> old = old(folder, which, cutoff, batch - removed);
            archive.files(store, kind, folder.base(), old);
            for (Path file : old) {
                removed += Files.deleteIfExists(file) ? 1 : 0;
            }
        }
        return removed;
    }

    private static List<Path> old(Folder folder, Predicate<Path> which, Instant cutoff, int limit) throws IOException {
        List<Path> old = new ArrayList<>();
        try (Stream<Path> files = Files.walk(folder.root(), folder.depth())) {
            var it = files.iterator();
            while (it.hasNext() && old.size() < limit) {
                Path file = it.next();
                if (Files.isRegularFile(file) && which.test(file) && lastTouched(file).isBefore(cutoff)) {
                    old.add(file);
                }
            }
        }
        return old;
    }

    static Instant lastTouched(Path file) throws IOException {
        Instant modified = Files.getLastModifiedTime(file).toInstant();
        try {
            Instant changed = ((FileTime) Files.getAttribute(file, "unix:ctime")).toInstant();
            return changed.isAfter(modified) ? changed : modified;
        } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
            return modified;
        }
    }
}
