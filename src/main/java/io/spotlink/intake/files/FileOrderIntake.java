package io.spotlink.intake.files;

import io.spotlink.intake.FieldError;
import io.spotlink.intake.OrderReceipt;
import io.spotlink.intake.OrderSubmitRoute;
import io.spotlink.spot.SpotApiException;
import io.spotlink.spot.SpotJson;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Submits every order of a dropped file through order-submit and sums up: the acknowledgement (Spot order ids) and
 * the errors (each rejected row and why). A row Spot could not take now stays in the ledger as failed and is
 * resubmitted by order-retry; dropping the fixed file again submits only what was not accepted before.
 */
public class FileOrderIntake {

    private static final Logger LOG = LoggerFactory.getLogger(FileOrderIntake.class);
    public static final String ALL_ACCEPTED = "SpotlinkAllAccepted";
    public static final String ACK_JSON = "SpotlinkAckJson";
    public static final String ERRORS_JSON = "SpotlinkErrorsJson";

    private final OrderFileParser parser;
    private final OrderSubmitRoute submitter;

    public FileOrderIntake(OrderFileParser parser, OrderSubmitRoute submitter) {
        this.parser = parser;
        this.submitter = submitter;
    }

    public void process(Exchange exchange) throws Exception {
        var message = exchange.getMessage();
        String fileName = message.getHeader(Exchange.FILE_NAME_ONLY, String.class);
        String content = message.getBody(String.class);
        List<RowResult> results = new ArrayList<>();
        for (OrderFileParser.ParsedRow row : parser.parse(fileName, content)) {
            results.add(submit(row));
        }
        long accepted = results.stream().filter(RowResult::accepted).count();
        boolean allAccepted = accepted == results.size() && !results.isEmpty();
        LOG.info("File {}: {} of {} order(s) accepted", fileName, accepted, results.size());
        message.setHeader(ALL_ACCEPTED, allAccepted);
        message.setHeader(ACK_JSON, json(fileName, results.stream().filter(RowResult::accepted).toList()));
        message.setHeader(ERRORS_JSON, json(fileName, results.stream().filter(r -> !r.accepted()).toList()));
    }

    /** Thrown after the errors file is written, so the file itself moves to .error. */
    public void rejectFile(Exchange exchange) {
        throw new FileRejectedException(exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class));
    }

    private RowResult submit(OrderFileParser.ParsedRow row) {
        if (row.order() == null) {
            return new RowResult(row.row(), null, "rejected", null, row.errors());
        }
        String sourceId = row.order().sourceOrderId();
        try {
            OrderReceipt receipt = submitter.submit(row.order());
            return new RowResult(row.row(), sourceId, receipt.outcome().name().toLowerCase(Locale.ROOT),
                    receipt.spotOrderId(), receipt.errors());
        } catch (SpotApiException e) {
            return new RowResult(row.row(), sourceId, "failed", null, List.of(new FieldError("spot",
                    e.getMessage() + " (kept in the ledger; order-retry resubmits it)")));
        }
    }

    private static String json(String fileName, List<RowResult> rows) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("file", fileName);
        body.put("orders", rows.stream().map(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("row", r.row());
            m.put("source_order_id", r.sourceOrderId());
            m.put("outcome", r.outcome());
            m.put("spot_order_id", r.spotOrderId());
            m.put("errors", r.errors().stream().map(FieldError::asMap).toList());
            return m;
        }).toList());
        return SpotJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(body);
    }

    /** A file with at least one order that was not accepted. */
    public static class FileRejectedException extends RuntimeException {
        public FileRejectedException(String fileName) {
            super("File " + fileName + " has orders that were not accepted: see " + fileName + ".errors.json");
        }
    }
}
