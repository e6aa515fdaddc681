package io.spotlink.intake.files;

import io.spotlink.intake.FieldError;
import io.spotlink.intake.OrderReceipt;
import io.spotlink.intake.OrderSubmitGateway;
import io.spotlink.spot.SpotApiException;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Submits every order of a dropped file through order-submit. First a check of the whole file (size, charset, text,
 * structure, row count) that refuses it before any order is submitted; then the rows, streamed and submitted a few
 * at a time, each outcome written at once to the ack (accepted rows) or the errors file (the others, and why).
 * A row Spot could not take now stays in the ledger as failed and is resubmitted by order-retry; dropping the fixed
 * file again submits only what was not accepted before.
 */
public class FileOrderIntake {

    private static final Logger LOG = LoggerFactory.getLogger(FileOrderIntake.class);
    public static final String CHANNEL = "SpotlinkChannel";
    public static final String ARCHIVE_NAME = "SpotlinkArchiveName";
    public static final String ALL_ACCEPTED = "SpotlinkAllAccepted";
    public static final String ACK_FILE = "SpotlinkAckFile";
    public static final String ERRORS_FILE = "SpotlinkErrorsFile";
    private static final String SHA256 = "SpotlinkFileSha256";
    private static final String SUMMARY = "SpotlinkFileSummary";
    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS");

    private final OrderFileParser parser;
    private final OrderSubmitGateway submitter;
    private final FileRunLog runs;
    private final ExecutorService rowExecutor;
    private final FileIntakeLimits limits;
    // A row whose order another copy (or a dead instance) holds in flight is submitted again for this long: order-submit
    // answers such a repeat at once, and a row worker, unlike an HTTP caller, can wait (spotlink.intake.files.in-flight-wait).
    private java.time.Duration inFlightWait = java.time.Duration.ZERO;
    private io.spotlink.cancel.ChannelRequests requests;

    public FileOrderIntake(OrderFileParser parser, OrderSubmitGateway submitter, FileRunLog runs,
                           ExecutorService rowExecutor, FileIntakeLimits limits) {
        this.parser = parser;
        this.submitter = submitter;
        this.runs = runs;
        this.rowExecutor = rowExecutor;
        this.limits = limits;
    }

    /**
     * The name the file, its ack and errors file are kept under: its own the first time, with a time suffix when a
     * file of that name was finished before, so nothing earlier is overwritten.
     */
    public void nameArchive(Exchange exchange) {
        var message = exchange.getMessage();
        String name = message.getHeader(Exchange.FILE_NAME_ONLY, String.class);
        String archive = name;
        if (runs.nameSeen(message.getHeader(CHANNEL, String.class), name)) {
            int dot = name.lastIndexOf('.');
            String stamp = ZonedDateTime.now(ZoneOffset.UTC).format(SUFFIX);
            archive = dot > 0 ? name.substring(0, dot) + "-" + stamp + name.substring(dot) : name + "-" + stamp;
        }
        message.setHeader(ARCHIVE_NAME, archive);
    }

    /** Never throws: whatever goes wrong ends in the errors file, so every file in .error says why. */
    public void process(Exchange exchange) throws IOException {
        var message = exchange.getMessage();
        String name = message.getHeader(Exchange.FILE_NAME_ONLY, String.class);
        String channel = message.getHeader(CHANNEL, String.class);
        List<Path> temps = new ArrayList<>();
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                temps.forEach(p -> p.toFile().delete());
            }
        });
        Path ack = temp(temps, "ack");
        Path errors = temp(temps, "errors");
        FileSummary summary;
        String sha256 = null;
        try {
            Long length = message.getHeader(Exchange.FILE_LENGTH, Long.class);
            if (length != null && length > limits.maxBytes()) {
                throw new FileRefusedException("is larger than " + limits.maxBytes() + " bytes "
                        + "(spotlink.intake.files.max-bytes): split it into smaller files");
            }
            Path file = localCopy(exchange, temps);
            if (Files.size(file) == 0) {
                throw new FileRefusedException("is empty (0 bytes)");
            }
            sha256 = check(file, name);
            runs.finishedBefore(channel, name, sha256).ifPresent(at -> LOG.info("File {} ({}): same name and "
                    + "content as a file finished at {}; its rows answer from the ledger", name, channel, at));
            summary = submitAll(file, name, ack, errors);
        } catch (FileRefusedException e) {
            summary = refuse(name, errors, e.error());
        } catch (IOException e) {
            summary = refuse(name, errors, new FieldError("file", "cannot be read ("
                    + e.getClass().getSimpleName() + ")"));
        } catch (RuntimeException e) {
            LOG.warn("File {} ({}) could not be processed: {}", name, channel, e.getClass().getName());
            summary = refuse(name, errors, new FieldError("file", "could not be processed ("
                    + e.getClass().getSimpleName() + "); the operator's log has the details"));
        }
        message.setHeader(SHA256, sha256);
        message.setHeader(SUMMARY, summary);
        message.setHeader(ALL_ACCEPTED, summary.allAccepted());
        message.setHeader(ACK_FILE, summary.refused() ? null : ack.toFile());
        message.setHeader(ERRORS_FILE, summary.allAccepted() ? null : errors.toFile());
        LOG.info("File {} ({}): {}", name, channel, summary.message());
    }

    /** Records the file as finished, after its ack and errors file are written. */
    public void finish(Exchange exchange) {
        var message = exchange.getMessage();
        runs.record(message.getHeader(CHANNEL, String.class), message.getHeader(Exchange.FILE_NAME_ONLY,
                String.class), message.getHeader(SHA256, String.class), message.getHeader(ARCHIVE_NAME,
                String.class), message.getHeader(SUMMARY, FileSummary.class));
    }

    /** Thrown after the errors file is written, so the file itself moves to .error. */
    public void rejectFile(Exchange exchange) {
        throw new FileRejectedException(exchange.getMessage().getHeader(ARCHIVE_NAME, String.class));
    }

    /** The whole file, read once before any order is submitted: its SHA-256, or why it is refused. */
    private String check(Path file, String name) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest);
             OrderRows rows = parser.open(name, StrictTextReader.open(in, limits.charset()))) {
            int count = 0;
            while (rows.hasNext()) {
                rows.next();
                if (++count > limits.maxRows()) {
                    throw new FileRefusedException("has more than " + limits.maxRows() + " orders "
                            + "(spotlink.intake.files.max-rows): split it into smaller files");
                }
            }
            in.transferTo(OutputStream.nullOutputStream()); // whatever the parsers left unread, for the hash
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private FileSummary submitAll(Path file, String name, Path ackPath, Path errorsPath) throws IOException {
        int created = 0;
        int existing = 0;
        int canceled = 0;
        int notAccepted = 0;
        try (InputStream in = Files.newInputStream(file);
             OrderRows rows = parser.open(name, StrictTextReader.open(in, limits.charset()));
             RowReport ack = new RowReport(ackPath, name);
             RowReport errors = new RowReport(errorsPath, name)) {
            Deque<Future<RowResult>> window = new ArrayDeque<>();
            int total = 0;
            while (rows.hasNext() || !window.isEmpty()) {
                if (rows.hasNext() && window.size() < limits.concurrency()) {
                    OrderFileParser.ParsedRow row = rows.next();
                    window.add(rowExecutor.submit(() -> submit(row)));
                    total++;
                    continue;
                }
                RowResult result = await(window.removeFirst());
                if (result.accepted()) {
                    ack.row(result);
                    created += result.existing() || result.cancel() ? 0 : 1;
                    existing += result.existing() ? 1 : 0;
                    canceled += result.cancel() ? 1 : 0;
                } else {
                    errors.row(result);
                    notAccepted++;
                }
            }
            FileSummary summary = new FileSummary(total, created, existing, canceled, notAccepted, false);
            ack.finish(List.of(), summary);
            errors.finish(List.of(), summary);
            return summary;
        }
    }

    private static RowResult await(Future<RowResult> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while submitting the file's orders", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a row failed unexpectedly", e.getCause());
        }
    }

    private FileSummary refuse(String name, Path errorsPath, FieldError error) throws IOException {
        FileSummary summary = FileSummary.refusedFile();
        try (RowReport errors = new RowReport(errorsPath, name)) {
            errors.finish(List.of(error), summary);
        }
        return summary;
    }

    /** Cancel requests (rows with action = cancel): without them, such rows are not accepted. */
    public void setRequests(io.spotlink.cancel.ChannelRequests requests) {
        this.requests = requests;
    }

    public void setInFlightWait(java.time.Duration inFlightWait) {
        this.inFlightWait = inFlightWait;
    }

    /** Submits again while the order is in flight elsewhere, until inFlightWait: then the row is in_progress. */
    private OrderReceipt submitWaitingForInFlight(OrderFileParser.ParsedRow row) {
        OrderReceipt receipt = submitter.submit(row.order());
        long deadline = System.nanoTime() + inFlightWait.toNanos();
        while (receipt.outcome() == OrderReceipt.Outcome.IN_PROGRESS && System.nanoTime() < deadline) {
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return receipt;
            }
            receipt = submitter.submit(row.order());
        }
        return receipt;
    }

    private RowResult submit(OrderFileParser.ParsedRow row) {
        if (row.cancel() != null) {
            return cancel(row);
        }
        if (row.order() == null) {
            return new RowResult(row.row(), null, "rejected", null, row.errors());
        }
        String sourceId = row.order().sourceOrderId();
        try {
            OrderReceipt receipt = submitWaitingForInFlight(row);
            // an order the hospital canceled, sent again: not a cancel row of this file, and not accepted
            String outcome = receipt.outcome() == OrderReceipt.Outcome.CANCELED ? "order_canceled"
                    : receipt.outcome().name().toLowerCase(Locale.ROOT);
            return new RowResult(row.row(), sourceId, outcome,
                    receipt.spotOrderId(), receipt.accepted() ? List.of() : whyNotAccepted(receipt));
        } catch (SpotApiException e) {
            return new RowResult(row.row(), sourceId, "failed", null, List.of(new FieldError("spot",
                    e.getMessage() + " (kept in the ledger; order-retry resubmits it)")));
        } catch (RuntimeException e) {
            LOG.warn("Row {} could not be submitted: {}", row.row(), e.getClass().getName());
            return new RowResult(row.row(), sourceId, "failed", null, List.of(new FieldError("order",
                    "could not be submitted (" + e.getClass().getSimpleName() + "); drop the file again later")));
        }
    }

    /** A row asking for a cancel: recorded (canceled, cancel_requested), or why not (unknown, in_progress). */
    private RowResult cancel(OrderFileParser.ParsedRow row) {
        String sourceId = row.cancel().sourceOrderId();
        if (requests == null) {
            return new RowResult(row.row(), sourceId, "rejected", null, List.of(new FieldError("action",
                    "cancel requests are not available here")));
        }
        io.spotlink.cancel.CancelResult result = requests.cancel(row.cancel(), "file", "file");
        return switch (result.outcome()) {
            case CANCELED -> new RowResult(row.row(), sourceId, "canceled", null, List.of());
            case REQUESTED -> new RowResult(row.row(), sourceId, "cancel_requested", result.spotOrderId(), List.of());
            case UNKNOWN -> new RowResult(row.row(), sourceId, "unknown", null, List.of(new FieldError(
                    "source_order_id", result.message())));
            case IN_PROGRESS -> new RowResult(row.row(), sourceId, "in_progress", null, List.of(new FieldError(
                    "source_order_id", result.message())));
        };
    }

    private static List<FieldError> whyNotAccepted(OrderReceipt receipt) {
        if (receipt.errors() != null && !receipt.errors().isEmpty()) {
            return receipt.errors();
        }
        return receipt.message() == null ? List.of() : List.of(new FieldError("source_order_id", receipt.message()));
    }

    /** The file on local disk: the file itself, SFTP's local work copy, or a spooled copy. */
    private static Path localCopy(Exchange exchange, List<Path> temps) throws IOException {
        Object body = exchange.getMessage().getBody();
        if (body instanceof GenericFile<?> generic) {
            if (generic.getFile() instanceof File file) {
                return file.toPath();
            }
            if (generic.getBody() instanceof File file) {
                return file.toPath();
            }
        }
        Path spooled = temp(temps, "spool");
        try (InputStream in = exchange.getMessage().getMandatoryBody(InputStream.class)) {
            Files.copy(in, spooled, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (org.apache.camel.InvalidPayloadException e) {
            throw new IOException("no readable body", e);
        }
        return spooled;
    }

    private static Path temp(List<Path> temps, String kind) throws IOException {
        Path path = Files.createTempFile("spotlink-file-" + kind + "-", ".tmp");
        temps.add(path);
        return path;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A file with at least one order that was not accepted. */
    public static class FileRejectedException extends RuntimeException {
        public FileRejectedException(String fileName) {
            super("File " + fileName + " has orders that were not accepted: see " + fileName + ".errors.json");
        }
    }
}
