package dev.closedform.spark;

import dev.closedform.data.AtomicFiles;
import dev.closedform.data.RegressionData;
import dev.closedform.train.Checkpoint;
import dev.closedform.train.CheckpointStore;
import dev.closedform.train.EpochMetrics;
import dev.closedform.train.NpzCheckpointStore;
import dev.closedform.train.TestMetric;
import dev.closedform.train.TrainingListener;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The driver's end of a training job: the workers' checkpoints go to the driver, which writes them
 * (into the run directory), and the test metric is computed on the driver, where the task's metric
 * and its original-unit targets live. Small messages over one TCP connection per worker; only
 * worker 0 saves and asks for metrics, every worker loads (all resume from the same checkpoint).
 */
final class DriverLink implements AutoCloseable {

    private static final int LOAD = 1;
    private static final int SAVE = 2;
    private static final int METRIC = 3;
    private static final int EXTRAS = 4;

    private final ServerSocket server;
    private final Path checkpoint;
    private final TestMetric metric;
    private final RegressionData test;
    private final TrainingListener listener;
    private final Thread acceptor;
    private volatile boolean closed;

    private DriverLink(ServerSocket server, Path checkpoint, TestMetric metric, RegressionData test, TrainingListener listener) {
        this.server = server;
        this.checkpoint = checkpoint;
        this.metric = metric;
        this.test = test;
        this.listener = listener;
        this.acceptor = new Thread(this::acceptLoop, "closedform-driver-link");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * @param host       the driver's address as the executors see it
     * @param checkpoint where the driver keeps the checkpoint (replaced atomically after every epoch)
     */
    static DriverLink start(String host, Path checkpoint, TestMetric metric, RegressionData test, TrainingListener listener)
            throws IOException {
        ServerSocket server = new ServerSocket(0, 64, InetAddress.getByName(host));
        return new DriverLink(server, checkpoint, metric, test, listener);
    }

    InetSocketAddress address() {
        return new InetSocketAddress(server.getInetAddress().getHostAddress(), server.getLocalPort());
    }

    /** The latest checkpoint the workers saved, if any. */
    Optional<Checkpoint> latest() {
        return new NpzCheckpointStore(checkpoint).load();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> serve(s), "closedform-driver-link-worker");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("closedform: the driver stopped accepting workers: " + e.getMessage());
                }
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket;
             DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
             DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()))) {
            while (true) {
                int op;
                try {
                    op = in.readInt();
                } catch (EOFException e) {
                    return; // the worker is done
                }
                switch (op) {
                    case LOAD -> writeBytes(out, Files.exists(checkpoint) ? Files.readAllBytes(checkpoint) : null);
                    case SAVE -> {
                        byte[] bytes = readBytes(in);
                        AtomicFiles.write(checkpoint, o -> o.write(bytes));
                        out.writeInt(0);
                        List<EpochMetrics> history = latest().map(Checkpoint::metrics).orElse(List.of());
                        if (!history.isEmpty()) {
                            listener.onEpoch(history.get(history.size() - 1));
                        }
                    }
                    case METRIC -> out.writeDouble(metric.compute(readFloats(in), test));
                    case EXTRAS -> {
                        Map<String, Double> extras = metric.extras(readFloats(in), test);
                        out.writeInt(extras.size());
                        for (Map.Entry<String, Double> e : extras.entrySet()) {
                            out.writeUTF(e.getKey());
                            out.writeDouble(e.getValue());
                        }
                    }
                    default -> throw new IOException("unknown request " + op);
                }
                out.flush();
            }
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                System.err.println("closedform: a worker's link to the driver failed: " + e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // nothing listens any more either way
        }
    }

    private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes == null ? -1 : bytes.length);
        if (bytes != null) {
            out.write(bytes);
        }
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }

    private static void writeFloats(DataOutputStream out, float[] v) throws IOException {
        out.writeInt(v.length);
        for (float f : v) {
            out.writeFloat(f);
        }
    }

    private static float[] readFloats(DataInputStream in) throws IOException {
        float[] v = new float[in.readInt()];
        for (int i = 0; i < v.length; i++) {
            v[i] = in.readFloat();
        }
        return v;
    }

    /** A worker's end. Requests are synchronous; one client per worker. */
    static final class Client implements AutoCloseable {
        private final Socket socket;
        private final DataInputStream in;
        private final DataOutputStream out;

        Client(InetSocketAddress driver) throws IOException {
            socket = new Socket();
            socket.connect(driver, RingAllReduce.READ_TIMEOUT_MILLIS);
            socket.setSoTimeout(RingAllReduce.READ_TIMEOUT_MILLIS);
            in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 1 << 16));
        }

        /** Loads from the driver; saves to it only if {@code writer} (worker 0), else saving is a no-op. */
        CheckpointStore checkpoints(boolean writer) {
            return new CheckpointStore() {
                @Override
                public void save(Checkpoint c) {
                    if (writer) {
                        call(() -> {
                            out.writeInt(SAVE);
                            writeBytes(out, encode(c));
                            out.flush();
                            return in.readInt();
                        });
                    }
                }

                @Override
                public Optional<Checkpoint> load() {
                    byte[] bytes = call(() -> {
                        out.writeInt(LOAD);
                        out.flush();
                        return readBytes(in);
                    });
                    return bytes == null ? Optional.empty() : decode(bytes);
                }
            };
        }

        /** The task's metric, computed on the driver. */
        TestMetric metric(String name, boolean higherIsBetter) {
            return new TestMetric() {
                @Override
                public String name() {
                    return name;
                }

                @Override
                public boolean higherIsBetter() {
                    return higherIsBetter;
                }

                @Override
                public double compute(float[] predictions, RegressionData ignored) {
                    return call(() -> {
                        out.writeInt(METRIC);
                        writeFloats(out, predictions);
                        out.flush();
                        return in.readDouble();
                    });
                }

                @Override
                public Map<String, Double> extras(float[] estimates, RegressionData ignored) {
                    return call(() -> {
                        out.writeInt(EXTRAS);
                        writeFloats(out, estimates);
                        out.flush();
                        Map<String, Double> m = new LinkedHashMap<>();
                        int n = in.readInt();
                        for (int i = 0; i < n; i++) {
                            m.put(in.readUTF(), in.readDouble());
                        }
                        return m;
                    });
                }
            };
        }

        private synchronized <T> T call(IOCall<T> call) {
            try {
                return call.run();
            } catch (IOException e) {
                throw new UncheckedIOException("the link to the driver failed: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private interface IOCall<T> {
        T run() throws IOException;
    }

    /** A checkpoint as the bytes of its {@code .npz} file (the single-process format, unchanged). */
    static byte[] encode(Checkpoint c) throws IOException {
        Path tmp = Files.createTempFile("closedform-checkpoint", ".npz");
        try {
            new NpzCheckpointStore(tmp).save(c);
            return Files.readAllBytes(tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static Optional<Checkpoint> decode(byte[] bytes) {
        try {
            Path tmp = Files.createTempFile("closedform-checkpoint", ".npz");
            try {
                Files.write(tmp, bytes);
                return new NpzCheckpointStore(tmp).load();
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
