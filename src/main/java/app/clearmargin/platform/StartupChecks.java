package app.clearmargin.platform;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Refuses to start in testing mode (movable clock, loopback webhooks) on anything but a loopback address. */
@Component
class StartupChecks {

    StartupChecks(
            @Value("${clearmargin.testing:false}") boolean testing,
            @Value("${server.address:127.0.0.1}") String bindAddress) {
        if (testing && !isLoopback(bindAddress)) {
            throw new IllegalStateException("CLEARMARGIN_TESTING=true is only allowed on a loopback address, but the "
                    + "server is bound to " + bindAddress + ". Unset CLEARMARGIN_TESTING or bind to 127.0.0.1.");
        }
    }

    static boolean isLoopback(String address) {
        if (address == null || address.isBlank()) {
            return false; // all interfaces
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
