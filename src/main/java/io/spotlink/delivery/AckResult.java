package io.spotlink.delivery;

/** What an EHR answered: MSA-1 code, MSA-2 control id, and the text of MSA-3 and any ERR segments. */
public record AckResult(String code, String controlId, String text) {

    /** AA or CA: the EHR took the message. */
    public boolean accepted() {
        return "AA".equals(code) || "CA".equals(code);
    }

    /** AE or CE: the EHR found an error in the content; resending it unchanged will not help. */
    public boolean contentError() {
        return "AE".equals(code) || "CE".equals(code);
    }
}
