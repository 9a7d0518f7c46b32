package app.clearmargin.sdk;

/** A webhook delivery that must not be trusted: answer it with 400 and do nothing. */
public final class WebhookVerificationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    WebhookVerificationException(String message) {
        super(message);
    }
}
