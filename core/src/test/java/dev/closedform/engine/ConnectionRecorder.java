package dev.closedform.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketImpl;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Records the address of every {@link Socket} connection a JVM attempts and refuses it before any
 * packet is sent. Installed as the JVM's socket factory, it sees DJL's start-up calls: they go
 * through {@code HttpURLConnection} with {@code Proxy.NO_PROXY} (so a {@code ProxySelector} would
 * never be asked), which opens a plain {@code java.net.Socket}, whose implementation comes from
 * this factory.
 */
final class ConnectionRecorder {

    private static final List<String> ATTEMPTS = Collections.synchronizedList(new ArrayList<>());

    private ConnectionRecorder() {}

    /** Installs the recording factory; call once, before anything can open a socket. */
    static void install() throws IOException {
        Socket.setSocketImplFactory(Refusing::new);
    }

    /** Attempted connections as {@code host:port}, in order. */
    static List<String> attempts() {
        synchronized (ATTEMPTS) {
            return List.copyOf(ATTEMPTS);
        }
    }

    /** A socket implementation that only records where it was asked to connect. */
    private static final class Refusing extends SocketImpl {

        private ConnectException refuse(InetAddress address, String host, int port) {
            boolean loopback = address != null && address.isLoopbackAddress();
            ATTEMPTS.add((loopback ? "loopback " : "") + (address != null ? address.getHostAddress() : host) + ":" + port);
            return new ConnectException("connection to " + host + ":" + port + " refused by the test's recorder");
        }

        @Override
        protected void connect(String host, int port) throws IOException {
            throw refuse(null, host, port);
        }

        @Override
        protected void connect(InetAddress address, int port) throws IOException {
            throw refuse(address, address.getHostAddress(), port);
        }

        @Override
        protected void connect(SocketAddress address, int timeout) throws IOException {
            InetSocketAddress a = (InetSocketAddress) address;
            throw refuse(a.getAddress(), a.getHostString(), a.getPort());
        }

        @Override
        protected void create(boolean stream) {}

        @Override
        protected void bind(InetAddress host, int port) throws IOException {
            throw new IOException("bind refused by the test's recorder");
        }

        @Override
        protected void listen(int backlog) throws IOException {
            throw new IOException("listen refused by the test's recorder");
        }

        @Override
        protected void accept(SocketImpl s) throws IOException {
            throw new IOException("accept refused by the test's recorder");
        }

        @Override
        protected InputStream getInputStream() throws IOException {
            throw new IOException("not connected");
        }

        @Override
        protected OutputStream getOutputStream() throws IOException {
            throw new IOException("not connected");
        }

        @Override
        protected int available() {
            return 0;
        }

        @Override
        protected void close() {}

        @Override
        protected void sendUrgentData(int data) throws IOException {
            throw new IOException("not connected");
        }

        @Override
        public void setOption(int optID, Object value) {}

        @Override
        public Object getOption(int optID) {
            return null;
        }
    }
}
