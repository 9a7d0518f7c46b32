package app.clearmargin.web;

/** The order of the servlet filters: each step may answer before the next one runs. */
public final class FilterOrder {

    /** Request id first, so every response (even a 401) carries one. */
    public static final int REQUEST_ID = -1000;
    /** Then the API key (401), which binds the organization. */
    public static final int AUTHENTICATION = 10;
    /** Then the key's token bucket (429), before anything executes. */
    public static final int RATE_LIMIT = 20;
    /** Then the bounded body read (413). */
    public static final int REQUEST_BODY = 30;
    /**
     * Then admission (503 when the server is saturated): after the body is read, so a client that
     * sends its body slowly never holds one of the places of requests at work.
     */
    public static final int ADMISSION = 35;
    /** Then Idempotency-Key replay or conflict. */
    public static final int IDEMPOTENCY = 40;

    private FilterOrder() {}
}
