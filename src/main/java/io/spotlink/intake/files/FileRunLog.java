package io.spotlink.intake.files;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The order files finished (every row has an outcome and the ack is written), recorded at the END of a file, never
 * at pick-up: a crash mid-file leaves no record, so the file is read again on restart and the ledger answers its
 * rows already submitted as {@code existing}. Keyed by channel, name and SHA-256 of the bytes, so a fixed file
 * dropped again is always read, whatever its size and time; a known name makes later acks, errors and archived
 * copies get a time suffix instead of overwriting the earlier ones.
 */
public class FileRunLog {

    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;

    public FileRunLog(DataSource dataSource, Clock clock) {
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
        this.clock = clock;
    }

    /** Whether a file of this name was finished before on this channel. */
    public boolean nameSeen(String channel, String fileName) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM intake_file_run WHERE channel = :channel "
                + "AND file_name = :name", new MapSqlParameterSource("channel", channel).addValue("name", fileName),
                Integer.class);
        return n != null && n > 0;
    }

    /** When a file with this name and these bytes was last finished, if ever. */
    public Optional<Instant> finishedBefore(String channel, String fileName, String sha256) {
        Timestamp at = jdbc.queryForObject("SELECT MAX(finished_at) FROM intake_file_run WHERE channel = :channel "
                + "AND file_name = :name AND sha256 = :sha", new MapSqlParameterSource("channel", channel)
                .addValue("name", fileName).addValue("sha", sha256), Timestamp.class);
        return Optional.ofNullable(at).map(Timestamp::toInstant);
    }

    public void record(String channel, String fileName, String sha256, String archiveName, FileSummary summary) {
        jdbc.update("INSERT INTO intake_file_run (channel, file_name, sha256, archive_name, finished_at, rows_total, "
                + "rows_created, rows_existing, rows_not_accepted) VALUES (:channel, :name, :sha, :archive, :at, "
                + ":rows, :created, :existing, :rejected)", new MapSqlParameterSource("channel", channel)
                .addValue("name", fileName).addValue("sha", sha256 == null ? "" : sha256)
                .addValue("archive", archiveName).addValue("at", Timestamp.from(clock.instant()))
                .addValue("rows", summary.rows()).addValue("created", summary.created())
                .addValue("existing", summary.existing()).addValue("rejected", summary.notAccepted()));
    }
}
