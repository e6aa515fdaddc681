package io.spotlink.intake.hl7;

/** A message answered AR, asking the engine to resend it later (an order in flight, Spot unavailable). */
public class Hl7Resend extends Exception {

    private final transient Hl7Problem problem;

    public Hl7Resend(String text, Hl7Problem problem) {
        super(text, null, false, false);
        this.problem = problem;
    }

    public Hl7Problem problem() {
        return problem;
    }
}
