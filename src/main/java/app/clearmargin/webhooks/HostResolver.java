package app.clearmargin.webhooks;

import java.net.InetAddress;
import java.util.List;

/** Name resolution for webhook targets: the JDK's by default; tests answer as a rebinding DNS server would. */
@FunctionalInterface
interface HostResolver {

    HostResolver SYSTEM = TargetGuard::resolve;

    /** Every address of {@code host} (a name or an IP literal), or none when it does not resolve in time. */
    List<InetAddress> resolve(String host);
}
