package app.clearmargin.webhooks;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * SSRF guard for webhook targets: resolves the host and refuses loopback, private, link-local
 * (including cloud metadata), unspecified and multicast addresses. Testing mode allows loopback;
 * {@code CLEARMARGIN_WEBHOOKS_ALLOW_PRIVATE_TARGETS=true} allows private and loopback (self-hosted).
 * Link-local targets are never allowed.
 */
@Component
class TargetGuard {

    enum Verdict {
        ALLOWED,
        REFUSED,
        UNRESOLVED
    }

    static final String REFUSED_MESSAGE = "target address not allowed";

    /** The settings that allow local targets, as an operator sets them (environment variables). */
    private static final String TESTING = "CLEARMARGIN_TESTING";

    private static final String ALLOW_PRIVATE = "CLEARMARGIN_WEBHOOKS_ALLOW_PRIVATE_TARGETS";

    private final boolean allowLoopback;
    private final boolean allowPrivate;

    TargetGuard(
            @Value("${clearmargin.testing:false}") boolean testing,
            @Value("${clearmargin.webhooks.allow-private-targets:false}") boolean allowPrivate) {
        this.allowLoopback = testing || allowPrivate;
        this.allowPrivate = allowPrivate;
    }

    /** A syntax problem with the URL (scheme, host), or empty when it is acceptable before resolution. */
    Optional<String> checkUrl(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("This field must be an absolute https URL.");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            return Optional.of("This field must be an absolute https URL.");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65_535) { // -1: none given, the scheme's default
            return Optional.of("This field must have a valid port (1–65535).");
        }
        if (uri.getUserInfo() != null) {
            return Optional.of("Credentials in webhook URLs are not supported; use the signing secret.");
        }
        if (scheme.equals("http")) {
            List<InetAddress> addresses = resolve(uri.getHost());
            boolean local = !addresses.isEmpty()
                    && addresses.stream().allMatch(a -> unmapped(a).isLoopbackAddress() || isPrivate(a));
            if (!local) {
                return Optional.of("This field must be an https URL: plain http is accepted only for loopback or "
                        + "private targets the server allows (loopback with " + TESTING + "=true, loopback and "
                        + "private with " + ALLOW_PRIVATE + "=true).");
            }
            if (judge(addresses) != Verdict.ALLOWED) { // local and resolved: refused, not unresolved
                return Optional.of(refusal(addresses));
            }
        }
        return Optional.empty();
    }

    /**
     * Why the host of {@code url} is refused now, naming the setting that would allow it; empty when it is allowed or
     * does not resolve (then it is judged again at every attempt).
     */
    Optional<String> refusal(String url) {
        List<InetAddress> addresses;
        try {
            addresses = resolve(new URI(url).getHost());
        } catch (URISyntaxException e) {
            return Optional.of("This field must be an absolute https URL.");
        }
        return judge(addresses) == Verdict.REFUSED ? Optional.of(refusal(addresses)) : Optional.empty();
    }

    /**
     * The message for refused addresses, by the strictest rule they break. The addresses themselves are not
     * repeated: what a name resolves to inside the server's network is not the caller's to learn.
     */
    private String refusal(List<InetAddress> addresses) {
        boolean never = false;
        boolean privateNet = false;
        for (InetAddress address : addresses) {
            if (allowed(address)) {
                continue;
            }
            InetAddress a = unmapped(address);
            if (a.isLinkLocalAddress()
                    || a.isAnyLocalAddress()
                    || a.isMulticastAddress()
                    || isBroadcastOrThisNetwork(a)) {
                never = true;
            } else if (!a.isLoopbackAddress()) {
                privateNet = true;
            }
        }
        if (never) {
            return "This URL resolves to a link-local, multicast, broadcast or unspecified address (where cloud "
                    + "metadata services live), which is never allowed as a webhook target, whatever "
                    + TESTING + " or " + ALLOW_PRIVATE + " say. Use a public https URL.";
        }
        if (privateNet) {
            return "This URL resolves to a private network address, which this server does not allow as a webhook "
                    + "target. A self-hosted server allows private and loopback targets when started with "
                    + ALLOW_PRIVATE + "=true (" + TESTING + "=true allows loopback only).";
        }
        return "This URL resolves to a loopback address, which this server does not allow as a webhook target. "
                + "Loopback targets are allowed when the server is started with " + TESTING
                + "=true (a server for tests) or " + ALLOW_PRIVATE + "=true (self-hosted).";
    }

    /** Whether the host of {@code url} may be called now (resolved now; a name may resolve differently later). */
    Verdict judge(String url) {
        try {
            return judge(resolve(new URI(url).getHost()));
        } catch (URISyntaxException e) {
            return Verdict.REFUSED;
        }
    }

    Verdict judge(List<InetAddress> addresses) {
        if (addresses.isEmpty()) {
            return Verdict.UNRESOLVED;
        }
        for (InetAddress a : addresses) {
            if (!allowed(a)) {
                return Verdict.REFUSED;
            }
        }
        return Verdict.ALLOWED;
    }

    boolean allowed(InetAddress address) {
        InetAddress a = unmapped(address);
        if (a.isLinkLocalAddress() || a.isAnyLocalAddress() || a.isMulticastAddress() || isBroadcastOrThisNetwork(a)) {
            return false;
        }
        if (a.isLoopbackAddress()) {
            return allowLoopback;
        }
        if (isPrivate(a)) {
            return allowPrivate;
        }
        return true;
    }

    /** RFC 1918, carrier-grade NAT, IPv6 unique-local, and the IPv4 site-local range Java knows. */
    static boolean isPrivate(InetAddress address) {
        InetAddress a = unmapped(address);
        if (a.isSiteLocalAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 10
                    || (first == 172 && second >= 16 && second <= 31)
                    || (first == 192 && second == 168)
                    || (first == 100 && second >= 64 && second <= 127);
        }
        return (b[0] & 0xfe) == 0xfc; // fc00::/7
    }

    private static boolean isBroadcastOrThisNetwork(InetAddress a) {
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            return (b[0] & 0xff) == 0 || Arrays.equals(b, new byte[] {(byte) 255, (byte) 255, (byte) 255, (byte) 255});
        }
        return false;
    }

    /**
     * The IPv4 address an IPv6 address carries, where a network may deliver it there: mapped
     * (::ffff:10.0.0.1), IPv4-compatible (::10.0.0.1), NAT64 (64:ff9b::/96, 64:ff9b:1::/48) and
     * 6to4 (2002:0a00:0001::/48). Any other address is itself.
     */
    private static InetAddress unmapped(InetAddress a) {
        if (!(a instanceof Inet6Address)) {
            return a;
        }
        byte[] b = a.getAddress();
        int from = -1;
        if (zeros(b, 0, 10) && b[10] == (byte) 0xff && b[11] == (byte) 0xff) {
            from = 12;
        } else if (zeros(b, 0, 12) && !zeros(b, 12, 15)) { // not :: or ::1, which are themselves
            from = 12;
        } else if (b[0] == 0
                && b[1] == 0x64
                && b[2] == (byte) 0xff
                && b[3] == (byte) 0x9b
                && (zeros(b, 4, 12) || (b[4] == 0 && b[5] == 1))) {
            from = 12;
        } else if (b[0] == 0x20 && b[1] == 0x02) {
            from = 2;
        }
        if (from < 0) {
            return a;
        }
        try {
            return InetAddress.getByAddress(Arrays.copyOfRange(b, from, from + 4));
        } catch (UnknownHostException e) {
            return a;
        }
    }

    private static boolean zeros(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** All addresses of a host, within two seconds (a resolver that hangs must not hang the request). */
    static List<InetAddress> resolve(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        try {
            return CompletableFuture.supplyAsync(
                            () -> {
                                try {
                                    return List.of(InetAddress.getAllByName(h));
                                } catch (UnknownHostException e) {
                                    return List.<InetAddress>of();
                                }
                            },
                            r -> Thread.ofVirtual().start(r))
                    .get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            return List.of();
        }
    }
}
