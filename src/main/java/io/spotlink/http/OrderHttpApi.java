package io.spotlink.http;

import io.spotlink.intake.CanonicalOrder;
import io.spotlink.intake.CanonicalOrderReader;
import io.spotlink.intake.FieldError;
import io.spotlink.intake.InvalidOrderException;
import io.spotlink.intake.OrderReceipt;
import io.spotlink.spot.SpotApiException;
import io.spotlink.spot.SpotJson;
import org.apache.camel.Exchange;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** HTTP face of order intake: JSON in, receipts out with the status code an HTTP client expects. */
public class OrderHttpApi {

    public CanonicalOrder parse(String body) {
        return CanonicalOrderReader.readOne(body);
    }

    /** 201 created, 200 existing, 400 rejected, 409 conflict or still in progress. */
    public void respond(Exchange exchange) throws Exception {
        OrderReceipt receipt = exchange.getMessage().getBody(OrderReceipt.class);
        int status = switch (receipt.outcome()) {
            case CREATED -> 201;
            case EXISTING -> 200;
            case REJECTED -> 400;
            case CONFLICT, IN_PROGRESS -> 409;
        };
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("outcome", receipt.outcome().name().toLowerCase(java.util.Locale.ROOT));
        body.put("source_system", receipt.sourceSystem());
        body.put("source_order_id", receipt.sourceOrderId());
        body.put("spot_order_id", receipt.spotOrderId());
        body.put("message", receipt.message());
        body.put("errors", errors(receipt.errors()));
        json(exchange, status, body);
    }

    /** The body could not be read as an order at all. */
    public void invalid(Exchange exchange) throws Exception {
        InvalidOrderException e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, InvalidOrderException.class);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("outcome", "rejected");
        body.put("message", e.getMessage());
        body.put("errors", errors(e.errors()));
        json(exchange, 400, body);
    }

    /** Spot could not take the order now (502) or refused our key (a configuration problem, 502 too). */
    public void spotFailure(Exchange exchange) throws Exception {
        SpotApiException e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, SpotApiException.class);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("outcome", "failed");
        body.put("message", e.getMessage());
        body.put("retryable", e instanceof SpotApiException.Unavailable);
        int status = e instanceof SpotApiException.Unavailable ? 503 : 502;
        json(exchange, status, body);
    }

    static List<Map<String, String>> errors(List<FieldError> errors) {
        return errors.stream().map(FieldError::asMap).toList();
    }

    static void json(Exchange exchange, int status, Object body) throws Exception {
        var message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(SpotJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(body));
    }
}
