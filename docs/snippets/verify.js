const crypto = require("node:crypto");

// True when a Clearmargin webhook request is authentic and fresh.
// secret: the webhook's signing secret (whsec_...); timestamp: the X-Webhook-Timestamp header;
// body: the raw request body as a Buffer, before any JSON parsing (e.g. express.raw({ type: "application/json" }));
// signature: the X-Signature header ("sha256=<hex>"); tolerance: seconds the timestamp may differ from now.
function verify(secret, timestamp, body, signature, { tolerance = 300, now = Date.now() / 1000 } = {}) {
  if (!/^\d+$/.test(timestamp || "") || typeof signature !== "string" || !signature.startsWith("sha256=")) {
    return false;
  }
  if (Math.abs(now - Number(timestamp)) > tolerance) {
    return false;
  }
  const expected = "sha256=" + crypto.createHmac("sha256", secret).update(timestamp + ".").update(body).digest("hex");
  const a = Buffer.from(expected);
  const b = Buffer.from(signature);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

module.exports = { verify };
