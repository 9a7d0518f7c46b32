package app.clearmargin.payments;

/** An organization's Stripe keys, decrypted for one call or one verification; never rendered or logged. */
record StripeCredentials(String secretKey, String webhookSecret, String mode) {

    @Override
    public String toString() {
        return "StripeCredentials[mode=" + mode + "]";
    }
}
