import hashlib
import hmac
import time


def verify(secret, timestamp, body, signature, tolerance=300, now=None):
    """True when a Clearmargin webhook request is authentic and fresh.

    secret:    the webhook's signing secret (whsec_...)
    timestamp: the X-Webhook-Timestamp header (Unix seconds, as a string)
    body:      the raw request body, as bytes, before any JSON parsing
    signature: the X-Signature header ("sha256=<hex>")
    tolerance: how many seconds the timestamp may differ from now (replay protection)
    """
    if not timestamp or not timestamp.isdigit() or not signature or not signature.startswith("sha256="):
        return False
    current = time.time() if now is None else now
    if abs(current - int(timestamp)) > tolerance:
        return False
    signed = timestamp.encode("ascii") + b"." + body
    expected = "sha256=" + hmac.new(secret.encode("utf-8"), signed, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature)
