package io.spotlink.intake.jms;

/** A JMS message Spotlink will not read (its type, size or encoding): the reason goes to the dead-letter queue. */
public class RefusedMessageException extends Exception {

    public RefusedMessageException(String reason) {
        super(reason);
    }
}
