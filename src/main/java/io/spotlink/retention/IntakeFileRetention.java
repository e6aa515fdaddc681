package io.spotlink.retention;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The local file intake (order-intake-file). Content: the finished files in {@code .done} and {@code .error}, their
 * reason files ({@code .error/<name>.errors.json}) and acks ({@code .ack}). Metadata: the record of each finished file
 * (table intake_file_run: name, SHA-256, row counts). Files still in the inbox are
 * work not done and never touched. The SFTP intake's folders are on the hospital's server, not pruned here.
 */
public class IntakeFileRetention implements RetainedStore {

    public static final String NAME = "intake-files";

    private final FileFolders folders;
    private final NamedParameterJdbcTemplate jdbc;
    private final PruneArchive archive;

    public IntakeFileRetention(Path inbox, DataSource dataSource, PruneArchive archive) {
        this.folders = new FileFolders(NAME, List.of(".done", ".error", ".ack").stream()
                .map(folder -> new FileFolders.Folder(inbox.resolve(folder), 1, inbox)).toList(), archive);
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
        this.archive = archive;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int pruneContent(Instant cutoff, int batch) throws Exception {
        return folders.prune("content", file -> true, cutoff, batch);
    }

    @Override
    public int pruneMetadata(Instant cutoff, int batch) throws Exception {
        MapSqlParameterSource p = new MapSqlParameterSource("cutoff", Timestamp.from(cutoff));
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT * FROM intake_file_run WHERE finished_at < :cutoff "
                + "ORDER BY id FETCH FIRST " + batch + " ROWS ONLY", p);
        if (rows.isEmpty()) {
            return 0;
        }
        archive.rows(NAME, "metadata", rows);
        return jdbc.update("DELETE FROM intake_file_run WHERE id IN (:ids)", p.addValue("ids", OrderRetention.ids(rows)));
    }
}
