package dev.closedform.spark;

import dev.closedform.train.Collective;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Sum over W workers by a ring all-reduce over TCP: worker r sends to r+1 and receives from r-1.
 * An array is cut into W chunks; W-1 reduce-scatter steps leave each worker with the full sum of
 * one chunk, W-1 all-gather steps hand the sums around. Each worker sends {@code 2 (W-1)/W} of the
 * array, whatever W, so the time per step is bounded by the slowest link rather than by one node.
 *
 * <p>The order of additions is fixed by the ranks (chunk c is summed along the ring starting after
 * worker c), so every run gives the same bits; for two workers it is exactly {@code a + b}, the
 * order-free sum of the single-process reference.
 */
public final class RingAllReduce implements Collective, AutoCloseable {

    /** A worker that hears nothing from its neighbour for this long gives up (its peer is gone). */
    static final int READ_TIMEOUT_MILLIS = 30 * 60 * 1000;

    private final int rank;
    private final int workers;
    private final Socket toNext;
    private final Socket fromPrevious;
    private final DataOutputStream out;
    private final DataInputStream in;
    private final ExecutorService sender;
    private long bytesSent;

    private RingAllReduce(int rank, int workers, Socket toNext, Socket fromPrevious) throws IOException {
        this.rank = rank;
        this.workers = workers;
        this.toNext = toNext;
        this.fromPrevious = fromPrevious;
        this.out = toNext == null ? null : new DataOutputStream(new BufferedOutputStream(toNext.getOutputStream(), 1 << 16));
        this.in = fromPrevious == null ? null : new DataInputStream(new BufferedInputStream(fromPrevious.getInputStream(), 1 << 16));
        this.sender = workers == 1 ? null : Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ring-sender-" + rank);
            t.setDaemon(true);
            return t;
        });
    }

    /** A ring of one: every sum is the worker's own values. */
    public static RingAllReduce alone() {
        try {
            return new RingAllReduce(0, 1, null, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Joins the ring: connects to the next worker's listening socket, then accepts the previous
     * worker on {@code own}. Connecting first cannot deadlock: the listener's backlog completes
     * the connection before anyone accepts.
     *
     * @param own       this worker's listening socket, whose address is {@code addresses.get(rank)}
     * @param addresses every worker's listening address, by rank
     */
    public static RingAllReduce join(int rank, ServerSocket own, List<InetSocketAddress> addresses) throws IOException {
        int workers = addresses.size();
        if (rank < 0 || rank >= workers) {
            throw new IllegalArgumentException("rank must be in [0, " + workers + "), got " + rank);
        }
        if (workers == 1) {
            return alone();
        }
        Socket next = new Socket();
        next.setTcpNoDelay(true);
        next.connect(addresses.get((rank + 1) % workers), READ_TIMEOUT_MILLIS);
        new DataOutputStream(next.getOutputStream()).writeInt(rank);
        own.setSoTimeout(READ_TIMEOUT_MILLIS);
        Socket previous = own.accept();
        previous.setTcpNoDelay(true);
        previous.setSoTimeout(READ_TIMEOUT_MILLIS);
        int from = new DataInputStream(previous.getInputStream()).readInt();
        int expected = (rank + workers - 1) % workers;
        if (from != expected) {
            next.close();
            previous.close();
            throw new IOException("worker " + rank + " expected worker " + expected + " on its ring socket, got " + from);
        }
        return new RingAllReduce(rank, workers, next, previous);
    }

    @Override
    public int rank() {
        return rank;
    }

    @Override
    public int workers() {
        return workers;
    }

    /** Payload bytes this worker has sent so far. */
    public long bytesSent() {
        return bytesSent;
    }

    @Override
    public void sumInPlace(float[] values) {
        reduce(new Chunks(values.length, Float.BYTES) {
            @Override
            void write(ByteBuffer b, int from, int to) {
                b.asFloatBuffer().put(values, from, to - from);
            }

            @Override
            void add(ByteBuffer b, int from, int to) {
                for (int i = from; i < to; i++) {
                    values[i] += b.getFloat((i - from) * Float.BYTES);
                }
            }

            @Override
            void copy(ByteBuffer b, int from, int to) {
                b.asFloatBuffer().get(values, from, to - from);
            }
        });
    }

    @Override
    public void sumInPlace(double[] values) {
        reduce(new Chunks(values.length, Double.BYTES) {
            @Override
            void write(ByteBuffer b, int from, int to) {
                b.asDoubleBuffer().put(values, from, to - from);
            }

            @Override
            void add(ByteBuffer b, int from, int to) {
                for (int i = from; i < to; i++) {
                    values[i] += b.getDouble((i - from) * Double.BYTES);
                }
            }

            @Override
            void copy(ByteBuffer b, int from, int to) {
                b.asDoubleBuffer().get(values, from, to - from);
            }
        });
    }

    /** An array seen as W chunks, with how to encode, accumulate and overwrite a range of it. */
    private abstract class Chunks {
        final int length;
        final int bytesPerValue;

        Chunks(int length, int bytesPerValue) {
            this.length = length;
            this.bytesPerValue = bytesPerValue;
        }

        int start(int chunk) {
            return (int) ((long) length * Math.floorMod(chunk, workers) / workers);
        }

        int end(int chunk) {
            return (int) ((long) length * (Math.floorMod(chunk, workers) + 1) / workers);
        }

        abstract void write(ByteBuffer b, int from, int to);

        abstract void add(ByteBuffer b, int from, int to);

        abstract void copy(ByteBuffer b, int from, int to);
    }

    private void reduce(Chunks c) {
        if (workers == 1) {
            return;
        }
        try {
            for (int s = 0; s < workers - 1; s++) { // reduce-scatter
                ByteBuffer received = exchange(c, rank - s, rank - s - 1);
                c.add(received, c.start(rank - s - 1), c.end(rank - s - 1));
            }
            for (int s = 0; s < workers - 1; s++) { // all-gather
                ByteBuffer received = exchange(c, rank + 1 - s, rank - s);
                c.copy(received, c.start(rank - s), c.end(rank - s));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("ring all-reduce of worker " + rank + " of " + workers
                    + " failed (a neighbour stopped?): " + e.getMessage(), e);
        }
    }

    /** Sends chunk {@code send} to the next worker while receiving chunk {@code receive} from the previous one. */
    private ByteBuffer exchange(Chunks c, int send, int receive) throws IOException {
        int from = c.start(send);
        int to = c.end(send);
        ByteBuffer outgoing = ByteBuffer.allocate((to - from) * c.bytesPerValue);
        c.write(outgoing, from, to);
        Future<?> sent = sender.submit(() -> {
            out.writeInt(outgoing.capacity());
            out.write(outgoing.array());
            out.flush();
            return null;
        });
        int expected = (c.end(receive) - c.start(receive)) * c.bytesPerValue;
        byte[] incoming;
        try {
            int size = in.readInt();
            if (size != expected) {
                throw new IOException("worker " + rank + " expected a chunk of " + expected + " bytes, got " + size
                        + " (workers disagree on the array sizes)");
            }
            incoming = new byte[size];
            in.readFully(incoming);
        } catch (SocketTimeoutException e) {
            sent.cancel(true);
            throw new IOException("no data from worker " + Math.floorMod(rank - 1, workers) + " for "
                    + READ_TIMEOUT_MILLIS / 1000 + " s", e);
        }
        try {
            sent.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sending", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
        bytesSent += outgoing.capacity() + Integer.BYTES;
        return ByteBuffer.wrap(incoming);
    }

    @Override
    public void close() {
        if (sender != null) {
            sender.shutdownNow();
        }
        closeQuietly(toNext);
        closeQuietly(fromPrevious);
    }

    private static void closeQuietly(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing on the way out: nothing left to tell the peer
            }
        }
    }
}
