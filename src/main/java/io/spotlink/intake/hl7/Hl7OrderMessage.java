package io.spotlink.intake.hl7;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One HL7 order message as route order-intake-mllp takes it through its steps (exchange property
 * {@link #PROPERTY}): the frame as received, its text, what its orders came to, and the answer. The split's
 * sub-exchanges share it, so each order's outcome is collected here in message order.
 */
public final class Hl7OrderMessage {

    public static final String PROPERTY = "SpotlinkHl7Message";

    final byte[] raw;
    final String rawControlId;
    final String controlId;
    final String requester;
    /** The decoded message, or (when it could not be decoded) its first line, to answer from. */
    String text;
    Charset charset;
    OrmOrderParser.Parsed parsed;
    /** The order being handled now (for the AR naming it when Spot cannot take it). */
    OrmOrderParser.ParsedOrder current;
    final Map<String, String> spotIds = new LinkedHashMap<>();
    final List<Hl7ReplyBuilder.OrderReply> lines = new ArrayList<>();
    /** Problems found while submitting: orders Spot refused, unknown orders to cancel or change. */
    final List<Hl7Problem> problems = new ArrayList<>();
    /** Fields a change could not make (UX). */
    final List<Hl7Problem> unchanged = new ArrayList<>();
    String reply;
    String ackCode;
    List<Hl7Problem> answered = List.of();

    Hl7OrderMessage(byte[] raw, String rawControlId, String requester) {
        this.raw = raw;
        this.rawControlId = rawControlId;
        this.controlId = OrmOrderParser.shownId(rawControlId);
        this.requester = requester;
    }

    /** The orders to submit (and cancels and changes to make), in message order: what the route splits. */
    public List<OrmOrderParser.ParsedOrder> getOrders() {
        return parsed == null ? List.of() : parsed.items();
    }

    /** AA, AE or AR once answered. */
    public String getAckCode() {
        return ackCode;
    }

    void answer(String reply, String code, List<Hl7Problem> problems) {
        this.reply = reply;
        this.ackCode = code;
        this.answered = List.copyOf(problems);
    }
}
