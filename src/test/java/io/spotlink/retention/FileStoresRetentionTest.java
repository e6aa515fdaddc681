package io.spotlink.retention;

import com.zaxxer.hikari.HikariDataSource;
import io.spotlink.intake.RejectedInputStore;
import io.spotlink.ledger.LedgerDatabase;
import io.spotlink.sim.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stores on disk: the file intake's .done/.error/.ack folders (and its record of finished files), the
 * rejected-input store and a file destination's outbox. A file's age is real (it was just written); the pruner's
 * clock is moved past it.
 */
class FileStoresRetentionTest {

    @TempDir
    Path dir;
    private HikariDataSource ledger;
    private MutableClock clock;
    private Path inbox;
    private Path rejected;
    private Path outbox;

    @BeforeEach
    void setUp() throws Exception {
        ledger = LedgerDatabase.open("jdbc:h2:file:" + dir.resolve("ledger"), "sa", "", 2);
        clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        inbox = dir.resolve("inbox");
        rejected = dir.resolve("rejected");
        outbox = dir.resolve("outbox");
        for (String folder : List.of("", ".done", ".error", ".ack")) {
            Files.createDirectories(inbox.resolve(folder));
        }
        Files.writeString(inbox.resolve("waiting.csv"), "mrn,name\nMRN-1,Anna Muller\n");
        Files.writeString(inbox.resolve(".done/orders.csv"), "mrn,name\nMRN-2,Anna Muller\n");
        Files.writeString(inbox.resolve(".error/bad.csv"), "mrn,name\nMRN-3,Anna Muller\n");
        Files.writeString(inbox.resolve(".error/bad.csv.errors.json"), "{\"rows\":[]}");
        Files.writeString(inbox.resolve(".ack/orders.csv.ack.json"), "{\"rows\":[]}");
        new JdbcTemplate(ledger).update("INSERT INTO intake_file_run (channel, file_name, sha256, archive_name, "
                + "finished_at, rows_total, rows_created, rows_existing, rows_not_accepted) VALUES ('file', "
                + "'orders.csv', 'abc', 'orders.csv', ?, 1, 1, 0, 0)", Timestamp.from(clock.instant()));
        new RejectedInputStore(rejected).save("http", "{\"name\":\"Anna Muller\"}".getBytes(StandardCharsets.UTF_8),
                "json", Map.of("outcome", "rejected"));
        Files.createDirectories(outbox);
        Files.writeString(outbox.resolve("O1-R1-F-SL1-1.hl7"), "MSH|^~\\&|PID|Anna Muller");
    }

    @AfterEach
    void close() {
        ledger.close();
    }

    private RetentionPruner pruner(RetentionClocks clocks, int batch, Path archive) {
        PruneArchive archiveOf = new PruneArchive(archive, clock);
        return new RetentionPruner(List.of(
                new RetentionPruner.Retained(new IntakeFileRetention(inbox, ledger, archiveOf), clocks),
                new RetentionPruner.Retained(new RejectedInputRetention(rejected, archiveOf), clocks),
                new RetentionPruner.Retained(new OutboxRetention(List.of(outbox), archiveOf),
                        new RetentionClocks(clocks.contentDays(), 0))), batch, clock, new RetentionMeters(null));
    }

    private static List<String> files(Path root) throws Exception {
        try (var walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(f -> root.relativize(f).toString()).sorted().toList();
        }
    }

    private int runs() {
        return new JdbcTemplate(ledger).queryForObject("SELECT COUNT(*) FROM intake_file_run", Integer.class);
    }

    @Test
    void filesLoseTheirContentAfterContentDaysAndTheirRecordsAfterMetadataDays() throws Exception {
        RetentionPruner pruner = pruner(new RetentionClocks(30, 365), 500, null);
        clock.advance(Duration.ofDays(29));
        RetentionPruner.Pass early = WholePass.of(pruner);
        assertThat(early.pruned()).allSatisfy((key, n) -> assertThat(n).as(key).isZero());
        assertThat(files(outbox)).hasSize(1);

        clock.advance(Duration.ofDays(2));
        RetentionPruner.Pass content = WholePass.of(pruner);
        assertThat(content.pruned("intake-files", "content")).isEqualTo(4);
        assertThat(content.pruned("rejected", "content")).isEqualTo(1);
        assertThat(content.pruned("outbox", "content")).isEqualTo(1);
        assertThat(files(inbox)).containsExactly("waiting.csv"); // not yet read: work not done
        assertThat(files(rejected)).singleElement().satisfies(f -> assertThat(f).endsWith(".reason.json"));
        assertThat(files(outbox)).isEmpty();
        assertThat(runs()).isEqualTo(1);

        clock.advance(Duration.ofDays(340));
        RetentionPruner.Pass metadata = WholePass.of(pruner);
        assertThat(metadata.pruned("intake-files", "metadata")).isEqualTo(1);
        assertThat(metadata.pruned("rejected", "metadata")).isEqualTo(1);
        assertThat(files(rejected)).isEmpty();
        assertThat(runs()).isZero();
        assertThat(files(inbox)).containsExactly("waiting.csv");
    }

    @Test
    void zeroKeepsEveryFile() throws Exception {
        List<String> before = files(dir.resolve("inbox"));
        clock.advance(Duration.ofDays(5000));
        RetentionPruner.Pass pass = WholePass.of(pruner(RetentionClocks.KEEP, 500, null));
        assertThat(pass.pruned()).isEmpty();
        assertThat(files(inbox)).isEqualTo(before);
        assertThat(files(rejected)).hasSize(2);
        assertThat(files(outbox)).hasSize(1);
        assertThat(runs()).isEqualTo(1);
    }

    @Test
    void prunedFilesAreArchivedFirstAsGzipInBatches() throws Exception {
        Path archive = dir.resolve("archive");
        clock.advance(Duration.ofDays(31));
        RetentionPruner.Pass pass = WholePass.of(pruner(new RetentionClocks(30, 365), 1, archive));
        assertThat(pass.batches("intake-files", "content")).isEqualTo(5); // 4 files, one per batch, then an empty one

        Path intakeArchive = archive.resolve("intake-files-" + clock.instant().toString().substring(0, 10)
                + ".jsonl.gz");
        String lines = gunzip(intakeArchive);
        assertThat(lines.lines()).hasSize(4);
        assertThat(lines).contains("\"path\":\".done/orders.csv\"");
        var done = io.spotlink.spot.SpotJson.mapper().readTree(lines.lines()
                .filter(l -> l.contains(".done/orders.csv")).findFirst().orElseThrow());
        assertThat(new String(done.path("content_base64").binaryValue(), StandardCharsets.UTF_8))
                .isEqualTo("mrn,name\nMRN-2,Anna Muller\n");
        assertThat(gunzip(archive.resolve("outbox-" + clock.instant().toString().substring(0, 10) + ".jsonl.gz")))
                .contains("O1-R1-F-SL1-1.hl7");
    }

    private static String gunzip(Path file) throws Exception {
        try (var in = new GZIPInputStream(Files.newInputStream(file)); var out = new ByteArrayOutputStream()) {
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
