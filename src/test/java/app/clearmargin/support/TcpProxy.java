package app.clearmargin.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder on a loopback port that a test can cut and restore: the way to make a real
 * database "go away" under a running server (every open connection dies and new ones are refused)
 * and come back on the same address, without touching the database itself.
 */
public final class TcpProxy implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile int port;
    private volatile ServerSocket listener;

    private TcpProxy(String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
    }

    /** Starts forwarding a free loopback port to {@code targetHost:targetPort}. */
    public static TcpProxy start(String targetHost, int targetPort) {
        TcpProxy proxy = new TcpProxy(targetHost, targetPort);
        proxy.listen(0);
        return proxy;
    }

    public int port() {
        return port;
    }

    /** Closes the listener and every open connection: clients see resets, then refused connections. */
    public synchronized void cut() {
        closeQuietly(listener);
        listener = null;
        for (Socket s : sockets) {
            closeQuietly(s);
        }
        sockets.clear();
    }

    /** Listens again on the same port. */
    public synchronized void restore() {
        if (listener == null) {
            listen(port);
        }
    }

    @Override
    public void close() {
        cut();
    }

    private synchronized void listen(int onPort) {
        try {
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true); // the port was just closed; connections to it may linger in TIME_WAIT
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort));
            this.listener = server;
            this.port = server.getLocalPort();
            Thread.ofVirtual().name("tcp-proxy-accept-" + port).start(() -> accept(server));
        } catch (IOException e) {
            throw new UncheckedIOException("could not listen on port " + onPort, e);
        }
    }

    private void accept(ServerSocket server) {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException closed) {
                return;
            }
            Socket upstream;
            try {
                upstream = new Socket(targetHost, targetPort);
            } catch (IOException e) {
                closeQuietly(client);
                continue;
            }
            synchronized (this) { // never between cut()'s closing of the sockets and its clearing of the list
                if (listener != server) { // cut while this connection was being set up
                    closeQuietly(client);
                    closeQuietly(upstream);
                    return;
                }
                sockets.add(client);
                sockets.add(upstream);
            }
            Thread.ofVirtual().start(() -> pump(client, upstream));
            Thread.ofVirtual().start(() -> pump(upstream, client));
        }
    }

    private void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            byte[] buffer = new byte[16 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException ignored) {
            // one side went away: the pair is closed below
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            sockets.remove(from);
            sockets.remove(to);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception ignored) {
            // closing is best effort: the point is that the connection is gone
        }
    }
}
